import type { CheckRequest, CheckResponse, CheckResponse_QuotaResult } from '@tsmesh/contracts/istio/mixer/v1/check';
import type { Duration } from '@tsmesh/contracts/google/protobuf/duration';
import { AttributeBag, AttributeDecodeError, decodeAttributes, type GlobalDictionary } from '@tsmesh/shared-attributes';

/**
 * What mixer 1.2 answers when no adapter had an opinion (mixer/pkg/runtime/dispatcher:
 * defaultValidDuration, defaultValidUseCount): the proxy may cache an OK for a minute or
 * 10000 uses, whichever comes first.
 */
export const DEFAULT_CHECK_VALID_DURATION_SECONDS = 60;
export const DEFAULT_CHECK_VALID_USE_COUNT = 10_000;

const GRPC_OK = 0;

function defaultValidDuration(): Duration {
  return { seconds: String(DEFAULT_CHECK_VALID_DURATION_SECONDS), nanos: 0 };
}

/**
 * Handles one Check. Attributes are decoded first so a malformed request fails with
 * INVALID_ARGUMENT even before any policy exists. Quotas with no configured quota rule are
 * granted in full for the default duration, as mixer 1.2 does ("quota not configured").
 */
export function handleCheck(request: CheckRequest, dictionary: GlobalDictionary): { response: CheckResponse; attributes: AttributeBag } {
  if (request.globalWordCount > dictionary.size) {
    throw new AttributeDecodeError(
      `inconsistent global dictionary versions used: mixer knows ${dictionary.size} words, caller knows ${request.globalWordCount}`,
      { field: 'global_word_count' },
    );
  }
  const attributes = request.attributes === undefined ? AttributeBag.empty : decodeAttributes(request.attributes, { dictionary, path: 'attributes.' });
  const quotas: Record<string, CheckResponse_QuotaResult> = {};
  for (const [name, params] of Object.entries(request.quotas)) {
    quotas[name] = {
      validDuration: defaultValidDuration(),
      grantedAmount: params.amount,
      referencedAttributes: { words: [], attributeMatches: [] },
    };
  }
  const response: CheckResponse = {
    precondition: {
      status: { code: GRPC_OK, message: '', details: [] },
      validDuration: defaultValidDuration(),
      validUseCount: DEFAULT_CHECK_VALID_USE_COUNT,
      // No rule consulted any attribute, so the answer holds for every request: nothing to key a cache on.
      referencedAttributes: { words: [], attributeMatches: [] },
      routeDirective: undefined,
    },
    quotas,
  };
  return { response, attributes };
}
