/**
 * Durations as galley decodes them: Istio 1.2's jsonpb reads google.protobuf.Duration with Go's
 * time.ParseDuration, so "10ms", "1.5s", "1h30m" and "0" are all accepted.
 */
const UNIT_NANOS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  'µs': 1e3,
  'μs': 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};
const ONE_MS = 1e6;
const PART = /(\d+\.?\d*|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;

/** Returns the duration in nanoseconds, or undefined when Go would reject the text. */
export function parseGoDuration(text: string): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  PART.lastIndex = 0;
  while (PART.lastIndex < rest.length) {
    const at = PART.lastIndex;
    const m = PART.exec(rest);
    if (m === null || m.index !== at) return undefined;
    total += Number(m[1]) * (UNIT_NANOS[m[2] ?? ''] ?? 0);
  }
  return sign * total;
}

/**
 * Istio's ValidateDurationGogo: at least 1ms and a whole number of milliseconds. Returns a message
 * for an invalid value, undefined when fine (unparseable text is reported by the shape check).
 */
export function checkDurationAtLeastMs(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const nanos = parseGoDuration(text);
  if (nanos === undefined) return undefined;
  if (nanos < ONE_MS) return `duration ${text} must be at least 1ms`;
  if (Math.round(nanos) % ONE_MS !== 0) return `duration ${text} must be a whole number of milliseconds`;
  return undefined;
}

/** True when the duration has a sub-second part (CORS maxAge only supports whole seconds). */
export function hasSubSecondPart(text: string): boolean {
  const nanos = parseGoDuration(text);
  return nanos !== undefined && Math.round(nanos) % 1e9 !== 0;
}
