import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { PREENCODED_ADS_SERVICE, sharedResponse } from './encoded-response';
import type { CheckedOutput } from './generation-cache';

const cluster = (name: string) => ({ name, resource: { typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(Cluster.fromPartial({ name })).finish()) } });
const output = (): CheckedOutput => ({ valid: [cluster('a'), cluster('b')], problems: [], digest: 'd' });

describe('shared pre-encoded DiscoveryResponse', () => {
  it('encodes one output once, with its resources, version, type and a nonce, for every stream that gets it', () => {
    const out = output();
    const first = sharedResponse('v7', XdsTypeUrl.Cluster, out);
    expect(sharedResponse('v7', XdsTypeUrl.Cluster, out)).toBe(first);
    const decoded = DiscoveryResponse.decode(first.bytes);
    expect([decoded.versionInfo, decoded.typeUrl, decoded.nonce, decoded.controlPlane?.identifier]).toEqual(['v7', XdsTypeUrl.Cluster, first.nonce, 'tsmesh-pilot']);
    expect(decoded.resources.map((r) => Cluster.decode(r.value).name)).toEqual(['a', 'b']);
  });

  it('gives another output (another push, or other content) another nonce', () => {
    expect(sharedResponse('v8', XdsTypeUrl.Cluster, output()).nonce).not.toBe(sharedResponse('v8', XdsTypeUrl.Cluster, output()).nonce);
  });

  it('is passed through by the ADS serializer, while plain messages are still encoded', () => {
    const { bytes } = sharedResponse('v9', XdsTypeUrl.Cluster, output());
    const serialize = PREENCODED_ADS_SERVICE.streamAggregatedResources.responseSerialize;
    expect(serialize(bytes)).toBe(bytes);
    const plain = DiscoveryResponse.fromPartial({ versionInfo: 'v', typeUrl: XdsTypeUrl.Cluster, nonce: 'n' });
    expect(DiscoveryResponse.decode(serialize(plain)).nonce).toBe('n');
  });
});
