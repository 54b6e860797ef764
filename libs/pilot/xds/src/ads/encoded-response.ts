import { AggregatedDiscoveryServiceService } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import { DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { CheckedOutput } from './generation-cache';

/** One encoded DiscoveryResponse and the nonce inside it. */
export interface EncodedResponse {
  readonly nonce: string;
  readonly bytes: Buffer;
}

// Every proxy that gets the same generated output in a push gets the same bytes: a full push to
// 2,000 proxies encodes each distinct response once instead of once per proxy.
const encoded = new WeakMap<CheckedOutput, EncodedResponse>();
let serial = 0;

/**
 * The response carrying `output` at push `version`, encoded once. Its nonce is shared by the
 * streams that receive it; a stream gets one response per output per push, so the nonce still
 * tells that stream's responses apart, which is all Envoy uses it for (matching ACKs).
 */
export function sharedResponse(version: string, typeUrl: string, output: CheckedOutput): EncodedResponse {
  let response = encoded.get(output);
  if (!response) {
    const nonce = `${version}-${(++serial).toString(36)}`;
    const message = DiscoveryResponse.fromPartial({ versionInfo: version, typeUrl, nonce, resources: output.valid.map((g) => g.resource), controlPlane: { identifier: 'tsmesh-pilot' } });
    response = { nonce, bytes: Buffer.from(DiscoveryResponse.encode(message).finish()) };
    encoded.set(output, response);
  }
  return response;
}

const stream = AggregatedDiscoveryServiceService.streamAggregatedResources;

/** The ADS service definition with a response serializer that passes pre-encoded bytes through. */
export const PREENCODED_ADS_SERVICE = {
  ...AggregatedDiscoveryServiceService,
  streamAggregatedResources: {
    ...stream,
    responseSerialize: (value: DiscoveryResponse | Buffer): Buffer => (Buffer.isBuffer(value) ? value : stream.responseSerialize(value)),
  },
};
