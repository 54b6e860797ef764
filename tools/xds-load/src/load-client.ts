import type * as grpc from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { DiscoveryRequest } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import type { SimulatedProxy } from './node-identity';
import { edsNamesOf, namedResourceOf, rawAny, type RawAny, routeNamesOf } from './resource-names';
import { wireFields, wireString } from './wire';

const ADS_METHOD = '/envoy.service.discovery.v3.AggregatedDiscoveryService/StreamAggregatedResources';

export type XdsKind = 'cds' | 'eds' | 'lds' | 'rds';
export const KIND_OF_TYPE: Readonly<Record<string, XdsKind>> = {
  [XdsTypeUrl.Cluster]: 'cds',
  [XdsTypeUrl.ClusterLoadAssignment]: 'eds',
  [XdsTypeUrl.Listener]: 'lds',
  [XdsTypeUrl.RouteConfiguration]: 'rds',
};
const TYPE_OF_KIND: Readonly<Record<XdsKind, string>> = {
  cds: XdsTypeUrl.Cluster,
  eds: XdsTypeUrl.ClusterLoadAssignment,
  lds: XdsTypeUrl.Listener,
  rds: XdsTypeUrl.RouteConfiguration,
};

/** One response as the client saw it: when it arrived (epoch ms) and its size on the wire. */
export interface PushRecord {
  readonly kind: XdsKind;
  readonly version: string;
  readonly resources: number;
  readonly bytes: number;
  /** The kind's config the proxy holds after it, in bytes (EDS/RDS responses may carry only part of it). */
  readonly held: number;
  readonly at: number;
}

/** The parts of a DiscoveryResponse the client acts on, read without decoding the resources. */
interface ShallowResponse {
  readonly versionInfo: string;
  readonly typeUrl: string;
  readonly nonce: string;
  readonly resources: RawAny[];
}

interface Received {
  readonly bytes: number;
  readonly response: ShallowResponse;
}

// DiscoveryResponse field numbers (envoy/service/discovery/v3/discovery.proto).
const RESPONSE = { versionInfo: 1, resources: 2, typeUrl: 4, nonce: 5 };

function shallowResponse(buf: Uint8Array): ShallowResponse {
  let versionInfo = '';
  let typeUrl = '';
  let nonce = '';
  const resources: RawAny[] = [];
  for (const f of wireFields(buf)) {
    if (f.field === RESPONSE.versionInfo) versionInfo = wireString(f.bytes);
    else if (f.field === RESPONSE.typeUrl) typeUrl = wireString(f.bytes);
    else if (f.field === RESPONSE.nonce) nonce = wireString(f.bytes);
    else if (f.field === RESPONSE.resources && f.bytes) resources.push(rawAny(f.bytes));
  }
  return { versionInfo, typeUrl, nonce, resources };
}

interface Subscription {
  names: string[];
  version: string;
  nonce: string;
}

/**
 * One simulated Envoy on one ADS stream: CDS and LDS wildcard first, then EDS for the EDS
 * clusters and RDS for the route names it was given, ACKing every response (Envoy's order).
 */
export class LoadClient {
  readonly pushes: PushRecord[] = [];
  readonly bytesByKind: Record<XdsKind, number> = { cds: 0, eds: 0, lds: 0, rds: 0 };
  /** The proxy's current config per kind, in bytes: the newest CDS/LDS response, the merged EDS/RDS resources. */
  readonly latestBytes: Record<XdsKind, number> = { cds: 0, eds: 0, lds: 0, rds: 0 };
  /**
   * EDS/RDS resource sizes by name: like Envoy, the client keeps subscribed resources a response
   * leaves out (state-of-the-world for non-wildcard types), until it unsubscribes them.
   */
  readonly #held = { eds: new Map<string, number>(), rds: new Map<string, number>() };
  /** The last stream failure; a failed stream is reopened (as Envoy does) and counted here. */
  error: string | undefined;
  reconnects = 0;
  #stopped = false;
  #call: grpc.ClientDuplexStream<DiscoveryRequest, Received> | undefined;
  #subs = new Map<XdsKind, Subscription>();
  #nodeSent = false;

  constructor(
    readonly proxy: SimulatedProxy,
    private readonly onPush: (client: LoadClient, push: PushRecord) => void = () => undefined,
    /** The kinds to ask for; pilots that serve only CDS/EDS close the stream on an LDS request. */
    private readonly kinds: ReadonlySet<XdsKind> = new Set(['cds', 'eds', 'lds', 'rds']),
  ) {}

  /** Opens the stream on `channel` (a plain grpc.Client; many streams share one channel). */
  start(channel: grpc.Client): void {
    const call = channel.makeBidiStreamRequest<DiscoveryRequest, Received>(
      ADS_METHOD,
      (req) => Buffer.from(DiscoveryRequest.encode(req).finish()),
      (buf) => ({ bytes: buf.length, response: shallowResponse(buf) }),
    );
    this.#call = call;
    this.#subs.clear();
    this.#held.eds.clear();
    this.#held.rds.clear();
    this.#nodeSent = false;
    let closed = false;
    const reopen = (reason: string) => {
      if (closed) return;
      closed = true;
      this.error = reason;
      if (this.#stopped || this.#call !== call) return;
      this.#call = undefined;
      // Back off with jitter like Envoy, so a dropped connection's streams do not return at once.
      setTimeout(() => {
        if (this.#stopped) return;
        this.reconnects++;
        this.start(channel);
      }, 500 + Math.random() * 1_000);
    };
    call.on('data', (received: Received) => this.#onResponse(received));
    call.on('error', (err: Error) => reopen(err.message));
    call.on('end', () => reopen('stream ended by server'));
    if (this.kinds.has('cds')) this.#subscribe('cds', []);
    if (this.kinds.has('lds')) this.#subscribe('lds', []);
  }

  /** True once it has every kind it asked for: CDS/LDS wildcard, EDS/RDS for the names it was given. */
  get configured(): boolean {
    const got = new Set(this.pushes.map((p) => p.kind));
    for (const kind of this.kinds) {
      const wildcard = kind === 'cds' || kind === 'lds';
      const subscribed = wildcard || (this.#subs.get(kind)?.names.length ?? 0) > 0;
      if (subscribed && !got.has(kind)) return false;
    }
    return true;
  }

  stop(): void {
    this.#stopped = true;
    const call = this.#call;
    this.#call = undefined;
    call?.cancel();
  }

  /** Versions this client has received for `kind`, in arrival order. */
  versions(kind: XdsKind): string[] {
    return this.pushes.filter((p) => p.kind === kind).map((p) => p.version);
  }

  #onResponse({ bytes, response }: Received): void {
    const kind = KIND_OF_TYPE[response.typeUrl];
    if (!kind) return;
    const held = kind === 'eds' || kind === 'rds' ? this.#merge(kind, response.resources) : bytes;
    const push: PushRecord = { kind, version: response.versionInfo, resources: response.resources.length, bytes, held, at: Date.now() };
    this.pushes.push(push);
    this.bytesByKind[kind] += bytes;
    this.latestBytes[kind] = held;
    const sub = this.#subs.get(kind) ?? { names: [], version: '', nonce: '' };
    sub.version = response.versionInfo;
    sub.nonce = response.nonce;
    this.#subs.set(kind, sub);
    // Envoy asks for the dependent resources before it ACKs the parent (CDS -> EDS, LDS -> RDS).
    if (kind === 'cds' && this.kinds.has('eds')) this.#resubscribe('eds', edsNamesOf(response.resources));
    if (kind === 'lds' && this.kinds.has('rds')) this.#resubscribe('rds', routeNamesOf(response.resources));
    this.#send(kind, sub);
    this.onPush(this, push);
  }

  /** Adds a response's resources to what the proxy holds; returns the kind's size in bytes. */
  #merge(kind: 'eds' | 'rds', resources: readonly RawAny[]): number {
    const held = this.#held[kind];
    for (const any of resources) held.set(namedResourceOf(any), any.size ?? any.value.length);
    let total = 0;
    for (const size of held.values()) total += size;
    return total;
  }

  #resubscribe(kind: 'eds' | 'rds', names: string[]): void {
    const sub = this.#subs.get(kind);
    if (sub && sub.names.join('\n') === names.join('\n')) return;
    if (!sub && names.length === 0) return;
    const keep = new Set(names);
    for (const name of this.#held[kind].keys()) if (!keep.has(name)) this.#held[kind].delete(name);
    this.#subscribe(kind, names);
  }

  #subscribe(kind: XdsKind, names: string[]): void {
    const sub = this.#subs.get(kind) ?? { names, version: '', nonce: '' };
    sub.names = names;
    this.#subs.set(kind, sub);
    this.#send(kind, sub);
  }

  #send(kind: XdsKind, sub: Subscription): void {
    if (!this.#call) return;
    const request = DiscoveryRequest.fromPartial({
      typeUrl: TYPE_OF_KIND[kind],
      versionInfo: sub.version,
      responseNonce: sub.nonce,
      resourceNames: sub.names,
      // Like Envoy, the node goes on the first request of the stream only.
      node: this.#nodeSent ? undefined : this.proxy.node,
    });
    this.#nodeSent = true;
    this.#call.write(request);
  }
}
