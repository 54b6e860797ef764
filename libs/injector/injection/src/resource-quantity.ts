// Kubernetes resource quantities in canonical form. Istio's template output goes through Go's
// resource.Quantity, so "2000m" comes out as "2" and "1024Mi" as "1Gi"; the injected
// container must carry the same strings to match what Istio 1.2 produces.

const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
const DECIMAL_EXPONENTS: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIXES: [number, string][] = [[18, 'E'], [15, 'P'], [12, 'T'], [9, 'G'], [6, 'M'], [3, 'k'], [0, ''], [-3, 'm'], [-6, 'u'], [-9, 'n']];
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

interface ParsedQuantity {
  /** Value in nano-units, rounded up like Kubernetes does below its precision. */
  readonly nano: bigint;
  readonly binary: boolean;
}

function pow(base: bigint, exponent: number): bigint {
  return base ** BigInt(exponent);
}

function parse(text: string): ParsedQuantity {
  const match = QUANTITY.exec(text.trim());
  if (!match) throw new Error(`invalid resource quantity "${text}"`);
  const [, sign, number, suffix = ''] = match as unknown as [string, string, string, string | undefined];
  const [whole = '', fraction = ''] = number.split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  const binaryIndex = BINARY_SUFFIXES.indexOf(suffix as (typeof BINARY_SUFFIXES)[number]);
  const binary = binaryIndex > 0;
  let exponent10 = -fraction.length + 9;
  let numerator = digits;
  if (binary) numerator *= pow(1024n, binaryIndex);
  else exponent10 += /^[eE]/.test(suffix) ? Number(suffix.slice(1)) : (DECIMAL_EXPONENTS[suffix] ?? 0);
  let nano: bigint;
  if (exponent10 >= 0) nano = numerator * pow(10n, exponent10);
  else {
    const divisor = pow(10n, -exponent10);
    nano = numerator / divisor + (numerator % divisor === 0n ? 0n : 1n);
  }
  return { nano: sign === '-' ? -nano : nano, binary };
}

function formatBinary(value: bigint): string {
  let index = 0;
  while (index < BINARY_SUFFIXES.length - 1 && value % 1024n === 0n) {
    value /= 1024n;
    index += 1;
  }
  return `${value}${BINARY_SUFFIXES[index]}`;
}

function formatDecimal(nano: bigint): string {
  for (const [exponent, suffix] of DECIMAL_SUFFIXES) {
    const unit = pow(10n, exponent + 9);
    if (nano % unit === 0n) return `${nano / unit}${suffix}`;
  }
  return `${nano}n`;
}

/** The canonical string Kubernetes would print for this quantity. */
export function canonicalQuantity(text: string): string {
  const { nano, binary } = parse(text);
  if (nano === 0n) return '0';
  const abs = nano < 0n ? -nano : nano;
  const isWhole = abs % 1_000_000_000n === 0n;
  if (binary && isWhole && abs >= 1024n * 1_000_000_000n) {
    return `${nano < 0n ? '-' : ''}${formatBinary(abs / 1_000_000_000n)}`;
  }
  return formatDecimal(nano);
}

/** The quantity in milli-units rounded up, as Go's Quantity.MilliValue(). */
export function milliValue(text: string): number {
  const { nano } = parse(text);
  const milli = nano / 1_000_000n + (nano % 1_000_000n > 0n ? 1n : 0n);
  return Number(milli);
}

/** Validates a quantity, returning a reason when it is not one. */
export function quantityError(text: string): string | undefined {
  return QUANTITY.test(text.trim()) ? undefined : `invalid resource quantity "${text}"`;
}
