import type { Node } from '@tsmesh/contracts/envoy/config/core/v3/base';
import { BadRequestError } from '@tsmesh/shared-errors';

export type ProxyType = 'sidecar' | 'router';

/** The proxy a connection serves, from its Envoy node (Istio 1.2 id format `type~ip~id~domain`). */
export interface Proxy {
  readonly type: ProxyType;
  readonly ipAddresses: readonly string[];
  /** `<pod>.<namespace>`. */
  readonly id: string;
  readonly namespace: string;
  readonly dnsDomain: string;
  readonly nodeId: string;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export function proxyFromNode(node: Node | undefined): Proxy {
  const nodeId = node?.id ?? '';
  const parts = nodeId.split('~');
  if (parts.length !== 4) {
    throw new BadRequestError(`node id "${nodeId}" is not <type>~<ip>~<pod>.<namespace>~<domain>`, { field: 'node.id' });
  }
  const [type, ip, id, domain] = parts as [string, string, string, string];
  if (type !== 'sidecar' && type !== 'router') {
    throw new BadRequestError(`node type "${type}" must be sidecar or router`, { field: 'node.id' });
  }
  const metadata = node?.metadata ?? {};
  const namespace = typeof metadata['CONFIG_NAMESPACE'] === 'string' ? metadata['CONFIG_NAMESPACE'] : (id.split('.')[1] ?? domain.split('.')[0] ?? 'default');
  return { type, ipAddresses: ip.split(','), id, namespace, dnsDomain: domain, nodeId, metadata };
}
