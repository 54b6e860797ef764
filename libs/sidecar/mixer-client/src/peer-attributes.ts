import { Attr, type AttributeValue } from '@tsmesh/shared-attributes';

/** What a sidecar knows about one end of a call (from node metadata, xDS, or the peer's headers). */
export interface PeerInfo {
  readonly ip?: string;
  readonly port?: number;
  /** Platform id, e.g. `kubernetes://productpage-v1-6c668694dc-xxxxx.default`. */
  readonly uid?: string;
  /** SPIFFE identity from the peer certificate, e.g. `cluster.local/ns/default/sa/bookinfo-productpage`. */
  readonly principal?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly owner?: string;
  readonly serviceAccount?: string;
  readonly workloadUid?: string;
  readonly workloadName?: string;
  readonly workloadNamespace?: string;
}

/** The destination service as resolved by routing. */
export interface DestinationServiceInfo {
  readonly host?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly uid?: string;
}

export type AttributeEntry = readonly [string, AttributeValue];

/** Appends `[name, value]` only when the source value is known: absent attributes stay absent. */
export function optional<T>(name: string, value: T | undefined, wrap: (value: T) => AttributeValue): AttributeEntry[] {
  return value === undefined ? [] : [[name, wrap(value)]];
}

/** `source.*` or `destination.*` attributes in the vocabulary of Istio 1.2's manifests. */
export function peerAttributes(prefix: 'source' | 'destination', peer: PeerInfo): AttributeEntry[] {
  return [
    ...optional(`${prefix}.ip`, peer.ip, Attr.ip),
    ...optional(`${prefix}.port`, peer.port, Attr.int64),
    ...optional(`${prefix}.uid`, peer.uid, Attr.string),
    ...optional(`${prefix}.principal`, peer.principal, Attr.string),
    ...optional(`${prefix}.name`, peer.name, Attr.string),
    ...optional(`${prefix}.namespace`, peer.namespace, Attr.string),
    ...optional(`${prefix}.labels`, peer.labels, Attr.stringMap),
    ...optional(`${prefix}.owner`, peer.owner, Attr.string),
    ...optional(`${prefix}.serviceAccount`, peer.serviceAccount, Attr.string),
    ...optional(`${prefix}.workload.uid`, peer.workloadUid, Attr.string),
    ...optional(`${prefix}.workload.name`, peer.workloadName, Attr.string),
    ...optional(`${prefix}.workload.namespace`, peer.workloadNamespace, Attr.string),
  ];
}

export function destinationServiceAttributes(service: DestinationServiceInfo): AttributeEntry[] {
  return [
    ...optional('destination.service.host', service.host, Attr.string),
    ...optional('destination.service.name', service.name, Attr.string),
    ...optional('destination.service.namespace', service.namespace, Attr.string),
    ...optional('destination.service.uid', service.uid, Attr.string),
  ];
}
