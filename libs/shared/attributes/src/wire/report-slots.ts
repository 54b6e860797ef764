import { AttributeBag } from '../attribute-bag';
import { Attr, type AttributeValue } from '../attribute-value';

/**
 * The hot-path form of an attribute set: a fixed list of attribute names with their wire kinds
 * (the schema, built once) and, per report, an array of plain values aligned to it. Building a
 * report then costs one array, not a Map of frozen wrapper objects, and the batch writer can
 * delta-encode by comparing plain values.
 *
 * Value forms: string → string; int64 → number or bigint; double → number; bool → boolean;
 * timestamp → epoch milliseconds; duration → milliseconds as a number, or whole nanoseconds as a bigint;
 * ip → the textual address (sent as its 4 or 16 bytes); bytes → Uint8Array;
 * stringMap → a plain record or a Map. `undefined` means the attribute is absent.
 */
export type SlotKind = 'string' | 'int64' | 'double' | 'bool' | 'timestamp' | 'duration' | 'ip' | 'bytes' | 'stringMap';

export type SlotValue = string | number | bigint | boolean | Uint8Array | Readonly<Record<string, string>> | ReadonlyMap<string, string> | undefined;

export interface ReportSchema {
  readonly names: readonly string[];
  readonly kinds: readonly SlotKind[];
}

export function reportSchema(slots: readonly (readonly [string, SlotKind])[]): ReportSchema {
  return { names: slots.map(([name]) => name), kinds: slots.map(([, kind]) => kind) };
}

/** The attribute bag a slot array stands for: what mixer decodes from the wire. */
export function bagFromSlots(schema: ReportSchema, values: readonly SlotValue[]): AttributeBag {
  const entries: [string, AttributeValue][] = [];
  schema.names.forEach((name, i) => {
    const value = values[i];
    if (value !== undefined) entries.push([name, slotAttribute(schema.kinds[i] as SlotKind, value)]);
  });
  return AttributeBag.of(entries);
}

/** One slot value as the attribute it stands for. */
export function slotAttribute(kind: SlotKind, value: Exclude<SlotValue, undefined>): AttributeValue {
  switch (kind) {
    case 'string':
      return Attr.string(value as string);
    case 'int64':
      return Attr.int64(value as number | bigint);
    case 'double':
      return Attr.double(value as number);
    case 'bool':
      return Attr.bool(value as boolean);
    case 'timestamp':
      return Attr.timestamp(value as number);
    case 'duration':
      return typeof value === 'bigint' ? Attr.durationNanos(value) : Attr.durationMs(value as number);
    case 'ip':
      return Attr.ip(value as string);
    case 'bytes':
      return Attr.bytes(value as Uint8Array);
    case 'stringMap':
      return Attr.stringMap(value as Readonly<Record<string, string>>);
  }
}

const schemaCache = new Map<string, ReportSchema>();

/**
 * A bag as slots, for callers that build bags (TCP reports, tests). Bags with the same names and
 * kinds share one schema object, so the batch writer can keep delta-encoding across them.
 */
export function slotsFromBag(bag: AttributeBag): { schema: ReportSchema; values: SlotValue[] } {
  const slots: [string, SlotKind][] = [];
  const values: SlotValue[] = [];
  for (const [name, attribute] of bag) {
    slots.push([name, attribute.kind]);
    values.push(slotValueOf(attribute));
  }
  const key = slots.map(([name, kind]) => `${name}:${kind}`).join(',');
  let schema = schemaCache.get(key);
  if (schema === undefined) {
    schema = reportSchema(slots);
    // Bounded: callers with endless attribute-name variety just stop sharing schemas.
    if (schemaCache.size < 256) schemaCache.set(key, schema);
  }
  return { schema, values };
}

function slotValueOf(attribute: AttributeValue): SlotValue {
  switch (attribute.kind) {
    case 'timestamp':
      return attribute.value.getTime();
    default:
      return attribute.value;
  }
}
