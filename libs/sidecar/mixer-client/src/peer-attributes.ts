import { Attr, slotAttribute, type AttributeValue, type SlotKind, type SlotValue } from '@tsmesh/shared-attributes';

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

/** `source.*` / `destination.*` in the vocabulary of Istio 1.2's manifests: name suffix, kind, value. */
export const PEER_FIELDS: readonly (readonly [string, SlotKind, (peer: PeerInfo) => SlotValue])[] = [
  ['ip', 'ip', (p) => p.ip],
  ['port', 'int64', (p) => p.port],
  ['uid', 'string', (p) => p.uid],
  ['principal', 'string', (p) => p.principal],
  ['name', 'string', (p) => p.name],
  ['namespace', 'string', (p) => p.namespace],
  ['labels', 'stringMap', (p) => p.labels],
  ['owner', 'string', (p) => p.owner],
  ['serviceAccount', 'string', (p) => p.serviceAccount],
  ['workload.uid', 'string', (p) => p.workloadUid],
  ['workload.name', 'string', (p) => p.workloadName],
  ['workload.namespace', 'string', (p) => p.workloadNamespace],
];

export const DESTINATION_SERVICE_FIELDS: readonly (readonly [string, SlotKind, (service: DestinationServiceInfo) => SlotValue])[] = [
  ['destination.service.host', 'string', (s) => s.host],
  ['destination.service.name', 'string', (s) => s.name],
  ['destination.service.namespace', 'string', (s) => s.namespace],
  ['destination.service.uid', 'string', (s) => s.uid],
];

/** Appends `[name, value]` only when the source value is known: absent attributes stay absent. */
export function optional<T>(name: string, value: T | undefined, wrap: (value: T) => AttributeValue): AttributeEntry[] {
  return value === undefined ? [] : [[name, wrap(value)]];
}

export function peerAttributes(prefix: 'source' | 'destination', peer: PeerInfo): AttributeEntry[] {
  const out: AttributeEntry[] = [];
  for (const [suffix, kind, get] of PEER_FIELDS) {
    const value = get(peer);
    if (value !== undefined) out.push([`${prefix}.${suffix}`, slotAttribute(kind, value)]);
  }
  return out;
}

export function destinationServiceAttributes(service: DestinationServiceInfo): AttributeEntry[] {
  const out: AttributeEntry[] = [];
  for (const [name, , get] of DESTINATION_SERVICE_FIELDS) {
    const value = get(service);
    if (value !== undefined) out.push([name, Attr.string(value as string)]);
  }
  return out;
}
