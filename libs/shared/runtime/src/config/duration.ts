// Go-style durations (`time.ParseDuration`), because Istio 1.2 flags and env vars are written
// that way (`--discoveryCache=100ms`, `--workload-cert-ttl=2160h`). Values are milliseconds.

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

// One `<number><unit>` segment; sticky so the whole input must be made of segments.
// µ (micro sign) and μ (Greek mu) as escapes: bundles stay ASCII, so V8 keeps their source one byte per character.
const SEGMENT_SOURCE = '(\\d+\\.?\\d*|\\.\\d+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)';

/**
 * Parses `300ms`, `1.5h`, `1h30m`, `0` into milliseconds. Returns a reason string instead of
 * throwing so callers can attach the flag name and the source of the value.
 */
export function parseDuration(text: string): { ok: true; ms: number } | { ok: false; reason: string } {
  const input = text.trim();
  if (input === '0') return { ok: true, ms: 0 };
  if (input === '') return { ok: false, reason: 'must be a duration like 100ms, 1s, 1h30m, got ""' };
  const segment = new RegExp(SEGMENT_SOURCE, 'y');
  let total = 0;
  while (segment.lastIndex < input.length) {
    const match = segment.exec(input);
    if (!match) {
      const hint = /^\d+(\.\d+)?$/.test(input) ? ' (missing unit: ns, us, ms, s, m, h)' : '';
      return { ok: false, reason: `must be a duration like 100ms, 1s, 1h30m, got "${text}"${hint}` };
    }
    const [, amount = '', unit = ''] = match;
    total += Number(amount) * (UNIT_MS[unit] ?? Number.NaN);
  }
  if (!Number.isFinite(total)) return { ok: false, reason: `duration "${text}" is out of range` };
  return { ok: true, ms: total };
}

/** Renders milliseconds the way Go prints durations, for usage text and logs (`1h30m0s`, `100ms`). */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1) return `${Math.round(ms * 1e6) / 1e3}us`;
  if (ms < 1_000) return `${ms}ms`;
  const hours = Math.floor(ms / 3_600_000);
  const minutes = Math.floor((ms % 3_600_000) / 60_000);
  const seconds = (ms % 60_000) / 1_000;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}
