import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { UpstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import type { GeneratedResource } from './generator';
import { proxyFromNode } from '../proxy';
import { bookinfoState, mcpResource, productpageProxy, pushOf } from './clusters/bookinfo.fixture';
import { buildClusters, cdsGenerator, clusterProblems } from './cds';
import { edsGenerator } from './eds';

function expectGolden(name: string, value: unknown): void {
  const file = join(__dirname, 'testdata', name);
  const text = JSON.stringify(value, null, 2) + '\n';
  if (process.env['REFRESH_GOLDEN'] === 'true') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

/** Cluster JSON with the TLS context decoded, so the golden shows it instead of base64. */
function readable(g: GeneratedResource): unknown {
  const cluster = Cluster.decode(g.resource.value);
  const json = Cluster.toJSON(cluster) as Record<string, unknown>;
  const typed = cluster.transportSocket?.configType;
  if (typed) json['transportSocket'] = { name: cluster.transportSocket?.name, typedConfig: { '@type': typed.value.typeUrl, ...(UpstreamTlsContext.toJSON(UpstreamTlsContext.decode(typed.value.value)) as object) } };
  return json;
}

const push = pushOf(bookinfoState());
const proxy = productpageProxy();

describe('CDS and EDS for Bookinfo with the samples DestinationRules', () => {
  const clusters = cdsGenerator.generate(proxy, push, []);

  it('matches the CDS golden (subsets, RANDOM, circuit breaker, outlier detection, ISTIO_MUTUAL, inbound)', () => {
    expectGolden('cds-bookinfo.json', clusters.map(readable));
  });

  it('names a cluster per service port and per subset, plus inbound and fallbacks', () => {
    const names = clusters.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([
      'outbound|9080||reviews.default.svc.cluster.local',
      'outbound|9080|v3|reviews.default.svc.cluster.local',
      'outbound|9080|v2-mysql-vm|ratings.default.svc.cluster.local',
      'outbound|8000||httpbin.default.svc.cluster.local',
      'inbound|9080|http|productpage.default.svc.cluster.local',
      'BlackHoleCluster',
      'PassthroughCluster',
    ]));
    // 5 default clusters + 1 + 3 + 4 + 2 subsets + 1 inbound + 2 fallbacks.
    expect(names).toHaveLength(18);
    expect(clusters.find((c) => c.name === 'outbound|9080|v1|reviews.default.svc.cluster.local')?.source).toBe('DestinationRule default/reviews');
  });

  it('matches the EDS golden: endpoints by locality with weights, subsets filtered by labels, unknown names empty', () => {
    const names = [
      'outbound|9080||reviews.default.svc.cluster.local',
      'outbound|9080|v2|reviews.default.svc.cluster.local',
      'outbound|9080|v9|reviews.default.svc.cluster.local',
      'outbound|1||nope.default.svc.cluster.local',
    ];
    const out = edsGenerator.generate(proxy, push, names).map((g) => ClusterLoadAssignment.decode(g.resource.value));
    expectGolden('eds-bookinfo.json', out.map((c) => ClusterLoadAssignment.toJSON(c)));
    expect(out.map((c) => c.endpoints.map((l) => `${l.locality?.zone}:${l.lbEndpoints.length}`))).toEqual([['us-east1-a:1', 'us-east1-b:2'], ['us-east1-b:1'], [], []]);
  });
});

describe('config problems', () => {
  it('reports a DestinationRule that would make a cluster invalid, by name, and still builds the cluster', () => {
    const bad = mcpResource('default/httpbin-tls', { host: 'httpbin', trafficPolicy: { tls: { mode: 'MUTUAL' } } });
    const state = bookinfoState();
    state.set('istio/networking/v1alpha3/destinationrules', [bad]);
    const broken = pushOf(state);
    expect(clusterProblems(proxy, broken)).toEqual([
      { cluster: 'outbound|8000||httpbin.default.svc.cluster.local', source: 'DestinationRule default/httpbin-tls', message: 'tls mode MUTUAL requires clientCertificate and privateKey' },
    ]);
    const httpbin = buildClusters(proxy, broken).clusters.find((c) => c.cluster.name === 'outbound|8000||httpbin.default.svc.cluster.local');
    expect(httpbin?.cluster.transportSocket).toBeUndefined();
    expect(clusterProblems(proxy, push)).toEqual([]);
  });
});

describe('sharing within one push', () => {
  it('encodes a service\'s clusters and assignments once for proxies of different namespaces under the same DestinationRule', () => {
    const push = { ...pushOf(bookinfoState()), memo: new Map<string, unknown>() };
    const other = proxyFromNode({ id: 'sidecar~10.9.0.1~sleep-1.other~other.svc.cluster.local', cluster: 'sleep.other', metadata: {} } as never);
    const reviews = (proxy: typeof other) => cdsGenerator.generate(proxy, push, []).find((g) => g.name === 'outbound|9080|v1|reviews.default.svc.cluster.local')?.resource;
    expect(reviews(other)).toBeDefined();
    expect(reviews(other)).toBe(reviews(productpageProxy()));
    const names = ['outbound|9080|v1|reviews.default.svc.cluster.local'];
    expect(edsGenerator.generate(other, push, names)[0]?.resource).toBe(edsGenerator.generate(productpageProxy(), push, names)[0]?.resource);
  });
});
