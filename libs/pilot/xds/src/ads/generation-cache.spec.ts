import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { McpResource } from '@tsmesh/shared-mcp';
import type { XdsGenerator } from '../generators/generator';
import { proxyFromNode } from '../proxy';
import { DEFAULT_MESH, type PushContext } from '../push-context';
import { generateChecked, proxyConfigKey } from './generation-cache';

const res = (name: string, body: Record<string, unknown>): McpResource => ({ name, version: '1', labels: {}, annotations: {}, body });
const state = new Map<string, McpResource[]>([
  ['k8s/core/v1/services', [res('default/reviews', { spec: { ports: [{ name: 'http', port: 9080 }] } })]],
  ['k8s/core/v1/endpoints', [res('default/reviews', { subsets: [{ addresses: [{ ip: '10.1.0.5' }], ports: [{ name: 'http', port: 9080 }] }] })]],
]);
const push = (): PushContext => ({ version: 'v', registry: ServiceRegistry.build(state), config: new PilotConfig(state), mesh: DEFAULT_MESH, memo: new Map() });
const proxy = (ip: string, pod: string, ns = 'default') => proxyFromNode({ id: `sidecar~${ip}~${pod}.${ns}~${ns}.svc.cluster.local`, cluster: '', metadata: {} } as never);

function countingGenerator() {
  let calls = 0;
  const generator: XdsGenerator = {
    typeUrl: XdsTypeUrl.Cluster,
    namedResources: false,
    generate: (p) => {
      calls++;
      return [{ name: `c-${p.namespace}`, resource: { typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(Cluster.fromPartial({ name: `c-${p.namespace}`, connectTimeout: { seconds: '1', nanos: 0 } })).finish()) } }];
    },
  };
  return { generator, calls: () => calls };
}

describe('per-push generation cache', () => {
  it('builds once for proxies that differ only in IPs hosting no service instance', () => {
    const p = push();
    const g = countingGenerator();
    const a = generateChecked(g.generator, proxy('10.9.0.1', 'a'), p, []);
    const b = generateChecked(g.generator, proxy('10.9.0.2', 'b'), p, []);
    expect(g.calls()).toBe(1);
    expect(b).toBe(a);
    generateChecked(g.generator, proxy('10.9.0.3', 'c', 'other'), p, []);
    expect(g.calls()).toBe(2);
    generateChecked(g.generator, proxy('10.9.0.1', 'a'), push(), []);
    expect(g.calls()).toBe(3);
  });

  it('keys proxies that host service instances by their IP (inbound config is theirs alone)', () => {
    const p = push();
    expect(proxyConfigKey(proxy('10.1.0.5', 'reviews-1'), p)).toContain('10.1.0.5');
    expect(proxyConfigKey(proxy('10.9.0.1', 'sleep'), p)).not.toContain('10.9.0.1');
  });
});

describe('config key and labels', () => {
  const labelled = (pod: string, labels: Record<string, string>) => proxyFromNode({ id: `sidecar~10.9.0.9~${pod}.default~default.svc.cluster.local`, cluster: '', metadata: { LABELS: labels } } as never);
  const withSidecar = (selector: Record<string, string>): PushContext => {
    const s = new Map(state);
    s.set('istio/networking/v1alpha3/sidecars', [res('default/picky', { workloadSelector: { labels: selector }, egress: [{ hosts: ['./*'] }] })]);
    return { version: 'v', registry: ServiceRegistry.build(s), config: new PilotConfig(s), mesh: DEFAULT_MESH, memo: new Map() };
  };

  it('ignores labels no config selects on, so such proxies share one generation', () => {
    const p = push();
    expect(proxyConfigKey(labelled('a', { app: 'a', version: 'v1' }), p)).toBe(proxyConfigKey(labelled('b', { app: 'b' }), p));
  });

  it('tells proxies apart when a selector (here a Sidecar workloadSelector) matches one and not the other', () => {
    const p = withSidecar({ app: 'a' });
    expect(proxyConfigKey(labelled('a', { app: 'a' }), p)).not.toBe(proxyConfigKey(labelled('b', { app: 'b' }), p));
    expect(proxyConfigKey(labelled('b', { app: 'b' }), p)).toBe(proxyConfigKey(labelled('c', { app: 'c' }), p));
  });
});
