import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { McpResource } from '@tsmesh/shared-mcp';
import { proxyFromNode } from '../proxy';
import { DEFAULT_MESH, type PushContext } from '../push-context';
import { cdsGenerator } from './cds';
import { edsGenerator } from './eds';

const res = (name: string, body: Record<string, unknown>): McpResource => ({ name, version: '1', labels: {}, annotations: {}, body });
const config = new Map<string, McpResource[]>([
  ['k8s/core/v1/services', [res('default/reviews', { spec: { clusterIP: '10.0.0.7', ports: [{ name: 'http', port: 9080 }] } }), res('default/db', { spec: { clusterIP: 'None', ports: [{ name: 'tcp', port: 5432 }] } })]],
  ['k8s/core/v1/endpoints', [res('default/reviews', { subsets: [{ addresses: [{ ip: '10.1.0.1' }, { ip: '10.1.0.2' }], ports: [{ name: 'http', port: 9080 }] }] })]],
]);
const push: PushContext = { version: 'v1', registry: ServiceRegistry.build(config), config: new PilotConfig(config), mesh: DEFAULT_MESH };
const proxy = proxyFromNode({ id: 'sidecar~10.1.0.9~productpage-1.default~default.svc.cluster.local', cluster: 'productpage.default', metadata: {} } as never);

/** Compares with a golden file; REFRESH_GOLDEN=true rewrites it. */
function expectGolden(name: string, value: unknown): void {
  const file = join(__dirname, 'testdata', name);
  const text = JSON.stringify(value, null, 2) + '\n';
  if (process.env['REFRESH_GOLDEN'] === 'true') writeFileSync(file, text);
  expect(text).toBe(readFileSync(file, 'utf8'));
}

describe('cds generator', () => {
  it('builds outbound|port||host EDS clusters, passthrough clusters for headless services, and the fallbacks', () => {
    const clusters = cdsGenerator.generate(proxy, push, []).map((g) => Cluster.toJSON(Cluster.decode(g.resource.value)));
    expectGolden('cds-basic.json', clusters);
  });
});

describe('eds generator', () => {
  it('assigns endpoints to requested clusters and answers unknown names with an empty assignment', () => {
    const names = ['outbound|9080||reviews.default.svc.cluster.local', 'outbound|1||nope.default.svc.cluster.local'];
    const out = edsGenerator.generate(proxy, push, names).map((g) => ClusterLoadAssignment.toJSON(ClusterLoadAssignment.decode(g.resource.value)));
    expectGolden('eds-basic.json', out);
  });
});

describe('proxyFromNode', () => {
  it('parses Istio 1.2 node ids and rejects malformed ones', () => {
    expect(proxy).toMatchObject({ type: 'sidecar', ipAddresses: ['10.1.0.9'], id: 'productpage-1.default', namespace: 'default' });
    expect(() => proxyFromNode({ id: 'garbage' } as never)).toThrow(/node id "garbage"/);
    expect(() => proxyFromNode({ id: 'gateway~1~a.b~c' } as never)).toThrow(/must be sidecar or router/);
  });
});
