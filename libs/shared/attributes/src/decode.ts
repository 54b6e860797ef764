import type { CompressedAttributes } from '@tsmesh/contracts/istio/mixer/v1/attributes';
import { AttributeBag } from './attribute-bag';
import { Attr, type AttributeValue } from './attribute-value';
import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY } from './dictionaries';
import { AttributeDecodeError } from './errors';

export interface DecodeOptions {
  /** Global dictionary both ends share; defaults to Istio 1.2's. */
  readonly dictionary?: GlobalDictionary;
  /** Words to use when the message has none of its own (a report batch's default_words). */
  readonly defaultWords?: readonly string[];
  /** Where this message sits in its request, prefixed to error fields, e.g. `attributes[3].`. */
  readonly path?: string;
}

const NANOS_PER_SECOND = 1_000_000_000n;

/**
 * Expands compressed attributes into a bag. Any index that resolves to no word, or a name given
 * in two value maps, is an AttributeDecodeError naming the index and the field: a malformed
 * request from a proxy must be rejected with a reason, never half-applied.
 */
export function decodeAttributes(message: CompressedAttributes, options: DecodeOptions = {}): AttributeBag {
  const dictionary = options.dictionary ?? ISTIO_1_2_GLOBAL_DICTIONARY;
  const words = message.words.length > 0 ? message.words : (options.defaultWords ?? []);
  const path = options.path ?? '';
  const decoded = new Map<string, AttributeValue>();
  const fieldOf = new Map<string, string>();

  const word = (index: number, field: string, role: string): string => {
    const found = index < 0 ? words[-1 - index] : dictionary.words[index];
    if (found !== undefined && Number.isInteger(index)) return found;
    const own = words.length === 0 ? 'the message has no words' : `the message has ${words.length} words (-1..-${words.length})`;
    throw new AttributeDecodeError(
      `${role} index ${index} is out of range: ${own}, the global dictionary ${dictionary.size} (0..${dictionary.size - 1})`,
      { field: path + field },
    );
  };
  const add = <T>(field: string, map: Readonly<Record<number, T>>, toValue: (raw: T, name: string) => AttributeValue): void => {
    for (const [rawKey, raw] of Object.entries(map) as [string, T][]) {
      const name = word(Number(rawKey), field, 'attribute name');
      const earlier = fieldOf.get(name);
      if (earlier !== undefined) {
        throw new AttributeDecodeError(`attribute "${name}" is given twice (in ${earlier} and ${field})`, { field: path + field });
      }
      fieldOf.set(name, field);
      decoded.set(name, toValue(raw, name));
    }
  };

  add('strings', message.strings, (raw, name) => Attr.string(word(raw, 'strings', `value of "${name}": word`)));
  add('int64s', message.int64s, (raw) => Attr.int64(BigInt(raw)));
  add('doubles', message.doubles, (raw) => Attr.double(raw));
  add('bools', message.bools, (raw) => Attr.bool(raw));
  add('timestamps', message.timestamps, (raw, name) => {
    if (Number.isNaN(raw.getTime())) {
      throw new AttributeDecodeError(`timestamp of "${name}" is out of range`, { field: `${path}timestamps` });
    }
    return Attr.timestamp(raw);
  });
  add('durations', message.durations, (raw) => Attr.durationNanos(BigInt(raw.seconds) * NANOS_PER_SECOND + BigInt(raw.nanos)));
  add('bytes', message.bytes, (raw) => Attr.bytes(raw));
  add('string_maps', message.stringMaps, (raw, name) => {
    const field = `string_maps["${name}"]`;
    const entries = new Map<string, string>();
    for (const [rawKey, rawValue] of Object.entries(raw.entries)) {
      const key = word(Number(rawKey), field, 'map key word');
      entries.set(key, word(rawValue, field, `map value of "${key}": word`));
    }
    return Attr.stringMap(entries);
  });
  return AttributeBag.of(decoded);
}
