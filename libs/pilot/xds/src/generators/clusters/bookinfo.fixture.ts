import { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { McpResource } from '@tsmesh/shared-mcp';
import { proxyFromNode, type Proxy } from '../../proxy';
import { DEFAULT_MESH, type PushContext } from '../../push-context';

/**
 * A Bookinfo-like mesh for CDS/EDS specs: the four Bookinfo services plus httpbin, pods on two
 * zones, Istio 1.2's samples destination-rule-all.yaml (with destination-rule-reviews.yaml's
 * RANDOM reviews rule in place of the plain one), the circuit-breaking task's httpbin rule,
 * and an ISTIO_MUTUAL rule for details.
 */
const res = (name: string, body: Record<string, unknown>, labels: Record<string, string> = {}, annotations: Record<string, string> = {}): McpResource => ({ name, version: '1', labels, annotations, body });

const SERVICES: ReadonlyArray<[string, number, string]> = [['productpage', 9080, 'http'], ['reviews', 9080, 'http'], ['ratings', 9080, 'http'], ['details', 9080, 'http'], ['httpbin', 8000, 'http']];

/** [pod, app, version, ip, node] */
const PODS: ReadonlyArray<[string, string, string, string, string]> = [
  ['productpage-v1-a', 'productpage', 'v1', '10.1.0.1', 'node-a'],
  ['reviews-v1-a', 'reviews', 'v1', '10.1.0.2', 'node-a'],
  ['reviews-v2-b', 'reviews', 'v2', '10.1.0.3', 'node-b'],
  ['reviews-v3-b', 'reviews', 'v3', '10.1.0.4', 'node-b'],
  ['ratings-v1-a', 'ratings', 'v1', '10.1.0.5', 'node-a'],
  ['details-v1-b', 'details', 'v1', '10.1.0.6', 'node-b'],
  ['httpbin-v1-a', 'httpbin', 'v1', '10.1.0.7', 'node-a'],
];

const subsets = (...versions: string[]) => versions.map((v) => ({ name: v, labels: { version: v } }));

const DESTINATION_RULES = [
  res('default/productpage', { host: 'productpage', subsets: subsets('v1') }),
  res('default/reviews', { host: 'reviews', trafficPolicy: { loadBalancer: { simple: 'RANDOM' } }, subsets: subsets('v1', 'v2', 'v3') }),
  res('default/ratings', { host: 'ratings', subsets: subsets('v1', 'v2', 'v2-mysql', 'v2-mysql-vm') }),
  res('default/details', { host: 'details', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } }, subsets: subsets('v1', 'v2') }),
  res('default/httpbin', {
    host: 'httpbin',
    trafficPolicy: {
      connectionPool: { tcp: { maxConnections: 1 }, http: { http1MaxPendingRequests: 1, maxRequestsPerConnection: 1 } },
      outlierDetection: { consecutiveErrors: 1, interval: '1s', baseEjectionTime: '3m', maxEjectionPercent: 100 },
    },
  }),
];

export function bookinfoState(extra: ReadonlyArray<[string, McpResource[]]> = []): Map<string, McpResource[]> {
  const state = new Map<string, McpResource[]>([
    ['k8s/core/v1/nodes', [
      res('node-a', {}, { 'failure-domain.beta.kubernetes.io/region': 'us-east1', 'failure-domain.beta.kubernetes.io/zone': 'us-east1-a' }),
      res('node-b', {}, { 'failure-domain.beta.kubernetes.io/region': 'us-east1', 'failure-domain.beta.kubernetes.io/zone': 'us-east1-b' }),
    ]],
    ['k8s/core/v1/services', SERVICES.map(([name, port, portName], i) => res(`default/${name}`, { spec: { clusterIP: `10.0.0.${i + 1}`, ports: [{ name: portName, port }] } }))],
    ['k8s/core/v1/pods', PODS.map(([pod, app, version, , node]) => res(`default/${pod}`, { spec: { serviceAccountName: `bookinfo-${app}`, nodeName: node } }, { app, version }))],
    ['k8s/core/v1/endpoints', SERVICES.map(([name, port, portName]) => res(`default/${name}`, {
      subsets: [{ addresses: PODS.filter((p) => p[1] === name).map(([pod, , , ip]) => ({ ip, targetRef: { kind: 'Pod', name: pod } })), ports: [{ name: portName, port }] }],
    }))],
    ['istio/networking/v1alpha3/destinationrules', DESTINATION_RULES],
  ]);
  for (const [collection, resources] of extra) state.set(collection, [...(state.get(collection) ?? []), ...resources]);
  return state;
}

export function pushOf(state: Map<string, McpResource[]>): PushContext {
  return { version: 'v1', registry: ServiceRegistry.build(state), config: new PilotConfig(state), mesh: { ...DEFAULT_MESH, connectTimeoutMs: 10_000 } };
}

/** The productpage sidecar (10.1.0.1), as pilot-agent 1.2 would name it. */
export function productpageProxy(labels: Record<string, string> = { app: 'productpage', version: 'v1' }): Proxy {
  return proxyFromNode({ id: 'sidecar~10.1.0.1~productpage-v1-a.default~default.svc.cluster.local', cluster: 'productpage.default', metadata: { LABELS: labels } } as never);
}

export { res as mcpResource };
