import { status } from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { DiscoveryRequest } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';

export interface ProxyNode {
  /** Istio 1.2 format: `sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local`. */
  readonly id: string;
  /** Envoy service cluster, e.g. `productpage.default`. */
  readonly cluster: string;
  /** pilot-agent's node metadata (string values, LABELS as JSON) as a Struct. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly locality?: { readonly region: string; readonly zone: string; readonly subZone: string };
}

/** Resubscription follows Envoy's ADS order so warming can proceed as on a first connect. */
const ENVOY_ORDER = [XdsTypeUrl.Cluster, XdsTypeUrl.ClusterLoadAssignment, XdsTypeUrl.Listener, XdsTypeUrl.RouteConfiguration];

/** Per type: the names asked for (empty = wildcard), the last nonce seen and the version ACKed. */
interface Subscription {
  names: string[];
  nonce: string;
  accepted: string | undefined;
  active: boolean;
}

/**
 * The request side of one ADS stream, per type URL as Envoy keeps it: versions survive
 * reconnects (they are what was accepted), nonces belong to one stream and are reset.
 */
export class AdsSubscriptions {
  readonly #node: ProxyNode;
  readonly #unsupported = new Set<string>();
  readonly #subs = new Map<string, Subscription>(ENVOY_ORDER.map((t) => [t, { names: [], nonce: '', accepted: undefined, active: false }]));

  constructor(node: ProxyNode) {
    this.#node = node;
  }

  #sub(typeUrl: string): Subscription {
    let sub = this.#subs.get(typeUrl);
    if (!sub) {
      sub = { names: [], nonce: '', accepted: undefined, active: false };
      this.#subs.set(typeUrl, sub);
    }
    return sub;
  }

  accepted(): Record<string, string> {
    return Object.fromEntries([...this.#subs].flatMap(([t, s]) => (s.accepted === undefined ? [] : [[t, s.accepted]])));
  }

  isActive(typeUrl: string): boolean {
    return this.#sub(typeUrl).active;
  }

  /** The names currently asked for (empty for a wildcard or inactive subscription). */
  names(typeUrl: string): readonly string[] {
    return this.#sub(typeUrl).names;
  }

  /** A new stream: nonces start over; returns the requests that resubscribe what was active. */
  restart(): DiscoveryRequest[] {
    for (const sub of this.#subs.values()) sub.nonce = '';
    return [...this.#subs].filter(([, s]) => s.active).map(([t]) => this.#request(t));
  }

  /**
   * The management server said it does not serve this type (an older pilot without LDS/RDS):
   * stop asking for it, so the other types keep flowing.
   */
  markUnsupported(typeUrl: string): void {
    this.#unsupported.add(typeUrl);
    this.#sub(typeUrl).active = false;
  }

  isUnsupported(typeUrl: string): boolean {
    return this.#unsupported.has(typeUrl);
  }

  /** Subscribes (or changes names); returns the request to send, or undefined when nothing changed. */
  subscribe(typeUrl: string, names: readonly string[]): DiscoveryRequest | undefined {
    const sub = this.#sub(typeUrl);
    if (this.#unsupported.has(typeUrl)) return undefined;
    if (sub.active && sub.names.join('\n') === names.join('\n')) return undefined;
    sub.active = true;
    sub.names = [...names];
    return this.#request(typeUrl);
  }

  ack(typeUrl: string, version: string, nonce: string): DiscoveryRequest {
    const sub = this.#sub(typeUrl);
    sub.accepted = version;
    sub.nonce = nonce;
    return this.#request(typeUrl);
  }

  /** Rejects a response: the version stays the last accepted one, the nonce is the response's. */
  nack(typeUrl: string, nonce: string, reason: string): DiscoveryRequest {
    const sub = this.#sub(typeUrl);
    sub.nonce = nonce;
    return this.#request(typeUrl, reason);
  }

  #request(typeUrl: string, error?: string): DiscoveryRequest {
    const sub = this.#sub(typeUrl);
    const node = this.#node;
    return DiscoveryRequest.fromPartial({
      versionInfo: sub.accepted ?? '',
      node: { id: node.id, cluster: node.cluster, metadata: { ...node.metadata }, locality: node.locality ?? { region: '', zone: '', subZone: '' }, userAgentName: 'tsmesh-sidecar' },
      resourceNames: sub.names,
      typeUrl,
      responseNonce: sub.nonce,
      errorDetail: error === undefined ? undefined : { code: status.INVALID_ARGUMENT, message: error, details: [] },
    });
  }
}
