import { parseIpAddress } from './ip-address';
import type { WireKind } from './value-type';

/**
 * One attribute value, tagged with the wire shape it travels as. int64 is a bigint so 64-bit
 * counters survive; a duration is whole nanoseconds (proto Duration precision); a timestamp is
 * a Date (the generated contracts decode google.protobuf.Timestamp to Date, millisecond precision).
 */
export type AttributeValue =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'int64'; readonly value: bigint }
  | { readonly kind: 'double'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'timestamp'; readonly value: Date }
  | { readonly kind: 'duration'; readonly value: bigint }
  | { readonly kind: 'bytes'; readonly value: Uint8Array }
  | { readonly kind: 'stringMap'; readonly value: ReadonlyMap<string, string> };

export type AttributeValueOf<K extends WireKind> = Extract<AttributeValue, { kind: K }>;

const NANOS_PER_MS = 1_000_000n;

/** Constructors that copy and freeze their input, so a value never changes after it is made. */
export const Attr = {
  string: (value: string): AttributeValueOf<'string'> => Object.freeze({ kind: 'string', value }),
  int64: (value: bigint | number): AttributeValueOf<'int64'> => Object.freeze({ kind: 'int64', value: BigInt(value) }),
  double: (value: number): AttributeValueOf<'double'> => Object.freeze({ kind: 'double', value }),
  bool: (value: boolean): AttributeValueOf<'bool'> => Object.freeze({ kind: 'bool', value }),
  timestamp: (value: Date | number): AttributeValueOf<'timestamp'> =>
    Object.freeze({ kind: 'timestamp', value: new Date(value instanceof Date ? value.getTime() : value) }),
  /** Duration in whole nanoseconds. */
  durationNanos: (nanos: bigint): AttributeValueOf<'duration'> => Object.freeze({ kind: 'duration', value: nanos }),
  /** Duration from (possibly fractional) milliseconds, e.g. a performance.now() difference. */
  durationMs: (ms: number): AttributeValueOf<'duration'> =>
    Object.freeze({ kind: 'duration', value: BigInt(Math.round(ms * 1_000_000)) }),
  bytes: (value: Uint8Array): AttributeValueOf<'bytes'> => Object.freeze({ kind: 'bytes', value: Uint8Array.from(value) }),
  /** An IP_ADDRESS attribute: Istio carries addresses as 4 or 16 raw bytes. */
  ip: (address: string): AttributeValueOf<'bytes'> => Object.freeze({ kind: 'bytes', value: parseIpAddress(address) }),
  stringMap: (entries: ReadonlyMap<string, string> | Readonly<Record<string, string>>): AttributeValueOf<'stringMap'> =>
    Object.freeze({
      kind: 'stringMap',
      value: new Map(entries instanceof Map ? entries : Object.entries(entries)) as ReadonlyMap<string, string>,
    }),
} as const;

/** Milliseconds of a duration value, for display and arithmetic that needs no nanoseconds. */
export function durationToMs(nanos: bigint): number {
  return Number(nanos / NANOS_PER_MS) + Number(nanos % NANOS_PER_MS) / 1e6;
}

/** Value equality; used to decide what a delta-encoded report entry must carry. */
export function attributeValuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  switch (a.kind) {
    case 'timestamp':
      return b.kind === 'timestamp' && a.value.getTime() === b.value.getTime();
    case 'bytes':
      return b.kind === 'bytes' && Buffer.from(a.value).equals(b.value);
    case 'stringMap':
      return b.kind === 'stringMap' && stringMapsEqual(a.value, b.value);
    case 'double':
      return b.kind === 'double' && Object.is(a.value, b.value);
    default:
      return a.kind === b.kind && a.value === b.value;
  }
}

function stringMapsEqual(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}
