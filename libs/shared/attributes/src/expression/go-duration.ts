// Go's time.ParseDuration, because Istio decides that a CEXL string literal is a DURATION
// exactly when ParseDuration accepts it: `response.duration > "10ms"` type-checks, and so does
// `"0"` (a duration too, just as in Istio).

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const COMPONENT = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
const MAX_INT64 = (1n << 63n) - 1n;

/** Nanoseconds of a Go duration string like `1h30m` or `1.5s`; undefined when Go would reject it. */
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const match = COMPONENT.exec(rest);
    if (!match) return undefined;
    const [whole, integer = '', fraction = '', unitText = ''] = match;
    if (integer === '' && fraction === '') return undefined;
    // The unit ends at the next digit or dot; Go then looks the whole run up.
    const unit = NANOS_PER_UNIT[unitText];
    if (unit === undefined) return undefined;
    total += BigInt(integer || '0') * unit + fractionNanos(fraction, unit);
    if (total > MAX_INT64) return undefined;
    rest = rest.slice(whole.length);
  }
  return negative ? -total : total;
}

// Go truncates, not rounds, the fractional part.
function fractionNanos(fraction: string, unit: bigint): bigint {
  if (fraction === '') return 0n;
  return (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
}
