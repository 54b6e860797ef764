import type { CompressedAttributes, StringMap } from '@tsmesh/contracts/istio/mixer/v1/attributes';
import type { AttributeValue } from './attribute-value';
import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY, MessageWordTable } from './dictionaries';

export interface EncodeOptions {
  /** Global dictionary both ends share; defaults to Istio 1.2's. */
  readonly dictionary?: GlobalDictionary;
  /**
   * A word table shared by several messages (a report batch's default_words). When given, new
   * words are added there and the message's own `words` stays empty, which tells mixer to use
   * the request's default_words for it.
   */
  readonly sharedWords?: MessageWordTable;
}

const NANOS_PER_SECOND = 1_000_000_000n;

export function emptyCompressedAttributes(): CompressedAttributes {
  return { words: [], strings: {}, int64s: {}, doubles: {}, bools: {}, timestamps: {}, durations: {}, bytes: {}, stringMaps: {} };
}

/**
 * Compresses attributes the way Istio's proxies do: every name and string value becomes a word
 * index, >= 0 for a word in the global dictionary, -1 - i for word i of the message list.
 */
export function encodeAttributes(
  attributes: Iterable<readonly [string, AttributeValue]>,
  options: EncodeOptions = {},
): CompressedAttributes {
  const dictionary = options.dictionary ?? ISTIO_1_2_GLOBAL_DICTIONARY;
  const table = options.sharedWords ?? new MessageWordTable();
  const wordIndex = (word: string): number => dictionary.indexOf(word) ?? table.indexOf(word);
  const out = emptyCompressedAttributes();

  for (const [name, attribute] of attributes) {
    const key = wordIndex(name);
    switch (attribute.kind) {
      case 'string':
        out.strings[key] = wordIndex(attribute.value);
        break;
      case 'int64':
        out.int64s[key] = attribute.value.toString();
        break;
      case 'double':
        out.doubles[key] = attribute.value;
        break;
      case 'bool':
        out.bools[key] = attribute.value;
        break;
      case 'timestamp':
        out.timestamps[key] = new Date(attribute.value.getTime());
        break;
      case 'duration':
        // bigint division truncates toward zero, so seconds and nanos keep the same sign as proto asks.
        out.durations[key] = {
          seconds: (attribute.value / NANOS_PER_SECOND).toString(),
          nanos: Number(attribute.value % NANOS_PER_SECOND),
        };
        break;
      case 'bytes':
        out.bytes[key] = Buffer.from(attribute.value);
        break;
      case 'stringMap':
        out.stringMaps[key] = encodeStringMap(attribute.value, wordIndex);
        break;
    }
  }
  if (options.sharedWords === undefined) out.words = table.words();
  return out;
}

function encodeStringMap(map: ReadonlyMap<string, string>, wordIndex: (word: string) => number): StringMap {
  const entries: Record<number, number> = {};
  for (const [key, value] of map) entries[wordIndex(key)] = wordIndex(value);
  return { entries };
}
