import { Node } from '@tsmesh/contracts/envoy/config/core/v3/base';

export interface SimulatedProxy {
  readonly index: number;
  readonly namespace: string;
  readonly pod: string;
  readonly ip: string;
  readonly node: Node;
}

/**
 * The identity pilot-agent would give proxy `index`: node id
 * `sidecar~10.x.y.z~pod-N.ns-M~ns-M.svc.cluster.local` with CONFIG_NAMESPACE and LABELS, spread
 * round-robin over `namespaces` namespaces (`ns-0`..), matching the config the bench generates.
 */
export function simulatedProxy(index: number, namespaces: number, namespaceOf?: (index: number) => string): SimulatedProxy {
  const namespace = namespaceOf ? namespaceOf(index) : `ns-${index % Math.max(1, namespaces)}`;
  const pod = `pod-${index}`;
  // 10.200.0.0/16 and up: clear of the 10.0-199.x.y endpoint addresses generated configs use.
  const ip = `10.${200 + Math.floor(index / 65_536)}.${Math.floor(index / 256) % 256}.${index % 256}`;
  const labels = { app: `load-${index % 100}`, version: 'v1' };
  const node = Node.fromPartial({
    id: `sidecar~${ip}~${pod}.${namespace}~${namespace}.svc.cluster.local`,
    cluster: `load-${index % 100}.${namespace}`,
    metadata: { CONFIG_NAMESPACE: namespace, LABELS: labels, INSTANCE_IPS: ip, POD_NAME: pod, ISTIO_VERSION: '1.2.0' },
  });
  return { index, namespace, pod, ip, node };
}
