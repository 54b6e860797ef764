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
  /** Workload labels, from node metadata `LABELS` (a JSON object or its string form, as pilot-agent sends). */
  readonly labels: Readonly<Record<string, string>>;
  /** A proxyless gRPC client (node metadata `GENERATOR: grpc`): it requests listeners by target host. */
  readonly proxyless: boolean;
  /** The Envoy node's locality (pilot-agent's ISTIO_LOCALITY), when it has a region. */
  readonly locality?: { readonly region: string; readonly zone: string; readonly subZone: string };
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
  const l = node?.locality;
  const locality = l?.region ? { region: l.region, zone: l.zone, subZone: l.subZone } : undefined;
  return { type, ipAddresses: ip.split(','), id, namespace, dnsDomain: domain, nodeId, metadata, labels: labelsOf(metadata['LABELS']), proxyless: metadata['GENERATOR'] === 'grpc', locality };
}

function labelsOf(value: unknown): Record<string, string> {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new BadRequestError('node metadata LABELS is not a JSON object', { field: 'node.metadata.LABELS' });
    }
  }
  if (parsed === undefined || parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new BadRequestError('node metadata LABELS is not an object', { field: 'node.metadata.LABELS' });
  return Object.fromEntries(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
}
