import type { AttributeBag } from './attribute-bag';
import { durationToMs, type AttributeValue } from './attribute-value';
import { formatIpAddress } from './ip-address';
import { ValueType } from './value-type';
import { STANDARD_ATTRIBUTE_VOCABULARY, type AttributeVocabulary } from './vocabulary';

export type AttributeJson = string | number | boolean | Readonly<Record<string, string>>;

/**
 * A bag as plain JSON for debug pages and logs: int64 as a number when it fits (else a decimal
 * string), timestamps as RFC 3339, durations as Go-style seconds ("1.5s"), IP_ADDRESS bytes as
 * dotted/colon text, other bytes as base64.
 */
export function attributeBagToJson(
  bag: AttributeBag,
  vocabulary: AttributeVocabulary = STANDARD_ATTRIBUTE_VOCABULARY,
): Record<string, AttributeJson> {
  const out: Record<string, AttributeJson> = {};
  for (const name of bag.names()) {
    const value = bag.get(name);
    if (value !== undefined) out[name] = attributeValueToJson(value, vocabulary.typeOf(name));
  }
  return out;
}

export function attributeValueToJson(value: AttributeValue, declared?: ValueType): AttributeJson {
  switch (value.kind) {
    case 'int64':
      return value.value <= BigInt(Number.MAX_SAFE_INTEGER) && value.value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value.value)
        : value.value.toString();
    case 'timestamp':
      return value.value.toISOString();
    case 'duration':
      return `${durationToMs(value.value) / 1000}s`;
    case 'bytes': {
      const ip = declared === ValueType.IP_ADDRESS ? formatIpAddress(value.value) : undefined;
      return ip ?? Buffer.from(value.value).toString('base64');
    }
    case 'stringMap':
      return Object.fromEntries(value.value);
    default:
      return value.value;
  }
}
