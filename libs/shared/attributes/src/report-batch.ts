import type { CompressedAttributes } from '@tsmesh/contracts/istio/mixer/v1/attributes';
import { type ReportRequest, ReportRequest_RepeatedAttributesSemantics as Semantics } from '@tsmesh/contracts/istio/mixer/v1/report';
import { AttributeBag } from './attribute-bag';
import { attributeValuesEqual, type AttributeValue } from './attribute-value';
import { decodeAttributes } from './decode';
import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY, MessageWordTable } from './dictionaries';
import { encodeAttributes } from './encode';
import { AttributeDecodeError } from './errors';

/**
 * Expands every attribute set of a batched ReportRequest. Entries without words of their own use
 * default_words; under DELTA_ENCODING each entry is applied on top of the previous result, as
 * mixer's Report handler does. All-or-nothing: one bad entry rejects the request.
 */
export function decodeReportBatch(request: ReportRequest, dictionary: GlobalDictionary = ISTIO_1_2_GLOBAL_DICTIONARY): AttributeBag[] {
  if (request.globalWordCount > dictionary.size) {
    throw new AttributeDecodeError(
      `inconsistent global dictionary versions used: mixer knows ${dictionary.size} words, caller knows ${request.globalWordCount}`,
      { field: 'global_word_count' },
    );
  }
  const semantics = request.repeatedAttributesSemantics;
  if (semantics !== Semantics.DELTA_ENCODING && semantics !== Semantics.INDEPENDENT_ENCODING) {
    throw new AttributeDecodeError(`unknown repeated_attributes_semantics ${String(semantics)}`, { field: 'repeated_attributes_semantics' });
  }
  const bags: AttributeBag[] = [];
  let accumulated = AttributeBag.empty;
  request.attributes.forEach((message, i) => {
    const bag = decodeAttributes(message, { dictionary, defaultWords: request.defaultWords, path: `attributes[${i}].` });
    accumulated = semantics === Semantics.DELTA_ENCODING ? accumulated.merge(bag) : bag;
    bags.push(accumulated);
  });
  return bags;
}

export interface ReportBatchEncoderOptions {
  readonly dictionary?: GlobalDictionary;
  /** DELTA_ENCODING (Istio's default, what Envoy sends) or INDEPENDENT_ENCODING. */
  readonly semantics?: Semantics.DELTA_ENCODING | Semantics.INDEPENDENT_ENCODING;
}

/**
 * Builds one batched ReportRequest the way Envoy's mixer filter does: all entries share one
 * word list (default_words) and, under delta encoding, each entry carries only the attributes
 * that changed since the previous one.
 */
export class ReportBatchEncoder {
  private readonly dictionary: GlobalDictionary;
  private readonly semantics: Semantics;
  private readonly words = new MessageWordTable();
  private readonly entries: CompressedAttributes[] = [];
  private previous: AttributeBag | undefined;

  constructor(options: ReportBatchEncoderOptions = {}) {
    this.dictionary = options.dictionary ?? ISTIO_1_2_GLOBAL_DICTIONARY;
    this.semantics = options.semantics ?? Semantics.DELTA_ENCODING;
  }

  get count(): number {
    return this.entries.length;
  }

  /**
   * Appends a bag. Returns false, adding nothing, when a delta cannot express it: a delta can set
   * attributes but never remove one, so a bag lacking an attribute of the previous bag has to
   * open a new batch (Envoy's batch compressor flushes in the same case).
   */
  add(bag: AttributeBag): boolean {
    const changed = this.semantics === Semantics.DELTA_ENCODING ? this.delta(bag) : [...bag];
    if (changed === undefined) return false;
    this.entries.push(encodeAttributes(changed, { dictionary: this.dictionary, sharedWords: this.words }));
    this.previous = bag;
    return true;
  }

  toRequest(): ReportRequest {
    return {
      attributes: [...this.entries],
      repeatedAttributesSemantics: this.semantics,
      defaultWords: this.words.words(),
      globalWordCount: this.dictionary.size,
    };
  }

  private delta(bag: AttributeBag): [string, AttributeValue][] | undefined {
    const previous = this.previous;
    if (previous === undefined) return [...bag];
    for (const name of previous.keys()) if (!bag.has(name)) return undefined;
    return [...bag].filter(([name, value]) => {
      const before = previous.get(name);
      return before === undefined || !attributeValuesEqual(before, value);
    });
  }
}
