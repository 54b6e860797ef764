import { credentials } from '@grpc/grpc-js';
import { AggregatedDiscoveryServiceClient } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import { DiscoveryRequest, type DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';

export const NODE = { id: 'sidecar~10.1.0.9~productpage-1.default~default.svc.cluster.local', cluster: 'productpage.default' };

/** A raw ADS stream driven by hand, so every request the test sends is explicit. */
export function openStream(port: number, node: { id: string; cluster?: string } = NODE) {
  const client = new AggregatedDiscoveryServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  const stream = client.streamAggregatedResources();
  const responses: DiscoveryResponse[] = [];
  const waiters: Array<() => void> = [];
  stream.on('data', (r: DiscoveryResponse) => {
    responses.push(r);
    waiters.splice(0).forEach((w) => w());
  });
  stream.on('error', () => undefined);
  const next = async (count: number) => {
    while (responses.length < count) await new Promise<void>((r) => waiters.push(r));
    return responses[count - 1] as DiscoveryResponse;
  };
  const send = (req: Partial<DiscoveryRequest>) => stream.write(DiscoveryRequest.fromPartial({ node, ...req }));
  return { client, stream, responses, next, send };
}

