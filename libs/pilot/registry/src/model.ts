/** Istio 1.2 protocols; unknown port names mean TCP (1.2 does no protocol sniffing). */
export type Protocol = 'HTTP' | 'HTTP2' | 'GRPC' | 'GRPC-Web' | 'HTTPS' | 'TLS' | 'TCP' | 'UDP' | 'Mongo' | 'Redis' | 'MySQL';

export interface ServicePort {
  readonly name: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** Where the workload listens; defaults to `port`. */
  readonly targetPort: number;
}

export type Resolution = 'ClientSideLB' | 'DNS' | 'Passthrough';

export interface Service {
  /** FQDN, e.g. `reviews.default.svc.cluster.local`. */
  readonly hostname: string;
  readonly namespace: string;
  readonly ports: readonly ServicePort[];
  readonly address?: string;
  readonly resolution: Resolution;
  readonly meshExternal: boolean;
  readonly source: 'kubernetes' | 'serviceentry';
  /** Namespaces that may see the service (`.` own, `*` all); undefined or empty means all. */
  readonly exportTo?: readonly string[];
}

export interface ServiceEndpoint {
  readonly hostname: string;
  readonly servicePort: number;
  readonly address: string;
  readonly port: number;
  readonly labels: Readonly<Record<string, string>>;
  readonly serviceAccount?: string;
  readonly weight?: number;
  /** `region/zone/subzone` (from the Pod's node labels, or a ServiceEntry endpoint's `locality`). */
  readonly locality?: string;
}

const HTTP_CLASS: ReadonlySet<Protocol> = new Set(['HTTP', 'HTTP2', 'GRPC', 'GRPC-Web']);

export function isHttpProtocol(protocol: Protocol): boolean {
  return HTTP_CLASS.has(protocol);
}

const BY_PREFIX: Readonly<Record<string, Protocol>> = {
  http: 'HTTP', http2: 'HTTP2', grpc: 'GRPC', https: 'HTTPS', tls: 'TLS', tcp: 'TCP', udp: 'UDP',
  mongo: 'Mongo', redis: 'Redis', mysql: 'MySQL',
};

/** Protocol from a Kubernetes Service port name (`<protocol>[-<suffix>]`), as Istio 1.2 derives it. */
export function protocolFromPortName(name: string | undefined): Protocol {
  const lower = (name ?? '').toLowerCase();
  if (lower === 'grpc-web' || lower.startsWith('grpc-web-')) return 'GRPC-Web';
  const prefix = lower.split('-')[0] ?? '';
  return BY_PREFIX[prefix] ?? 'TCP';
}

/** Protocol from a ServiceEntry/Gateway `protocol` field (case-insensitive). */
export function protocolFromName(value: string | undefined): Protocol {
  if (!value) return 'TCP';
  if (value.toLowerCase() === 'grpc-web') return 'GRPC-Web';
  return BY_PREFIX[value.toLowerCase()] ?? 'TCP';
}
