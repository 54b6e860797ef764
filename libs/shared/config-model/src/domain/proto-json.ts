import { parseGoDuration } from '../validation/common/duration';
import { isObject, toCamel, type Json } from '../validation/schema/access';
import type { FieldType, Fields } from '../validation/schema/shape';

/**
 * Rewrites a validated YAML/JSON spec into the proto3 JSON the generated `fromJSON` reads:
 * field names in camelCase and durations ("1.5s", Go syntax as Istio 1.2 accepts) as
 * `{ seconds, nanos }`. Everything else already has the shape ts-proto expects.
 * Call only on specs that passed validation: unknown fields are dropped here, not reported.
 */
export function toProtoJson(value: Json, type: FieldType): Json {
  if (value === null || value === undefined) return undefined;
  switch (type.kind) {
    case 'duration':
      return typeof value === 'string' ? durationJson(value) : value;
    case 'list':
      return Array.isArray(value) ? value.map((item) => toProtoJson(item, type.of)) : value;
    case 'map':
      return isObject(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toProtoJson(v, type.of)])) : value;
    case 'message':
      return isObject(value) ? messageJson(value, type.fields()) : value;
    default:
      return value;
  }
}

export function messageJson(value: Record<string, unknown>, fields: Fields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const name = fields[key] ? key : toCamel(key);
    const fieldType = fields[name];
    if (fieldType) out[name] = toProtoJson(child, fieldType);
  }
  return out;
}

function durationJson(text: string): { seconds: string; nanos: number } | undefined {
  const nanos = parseGoDuration(text);
  if (nanos === undefined) return undefined;
  const seconds = Math.trunc(nanos / 1e9);
  return { seconds: String(seconds), nanos: Math.round(nanos - seconds * 1e9) };
}
