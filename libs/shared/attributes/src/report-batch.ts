import { type ReportRequest, ReportRequest_RepeatedAttributesSemantics as Semantics } from '@tsmesh/contracts/istio/mixer/v1/report';
import { AttributeBag } from './attribute-bag';
import { decodeAttributes } from './decode';
import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY } from './dictionaries';
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
