import { type ChannelCredentials, type ClientDuplexStream, credentials as grpcCredentials, status } from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { AggregatedDiscoveryServiceClient } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import type { DiscoveryRequest, DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { describeError } from '@tsmesh/shared-errors';
import { Backoff, createGrpcClient, runWithReconnect } from '@tsmesh/shared-runtime';
import type { Logger } from 'pino';
import { AdsSubscriptions, type ProxyNode } from './ads-subscriptions';
import { resourceTypeOf } from './resource-types';
import { MERGED_TYPES, restrictTo, setFromResponse } from './response-set';
import { compose } from './warming';
import { EMPTY_SNAPSHOT, edsNamesFor, rdsNamesFor, snapshotOf, type TypeSet, type XdsCounters, type XdsSets, type XdsSnapshot } from './xds-state';

export type { ProxyNode } from './ads-subscriptions';

export interface AdsClientOptions {
  readonly address: string;
  readonly node: ProxyNode;
  readonly log: Logger;
  readonly credentials?: ChannelCredentials;
  readonly backoff?: Backoff;
  /** How long a new cluster set may wait for its endpoints before it is applied anyway (Envoy: 15s). */
  readonly warmingTimeoutMs?: number;
  /**
   * Applies a consistent snapshot to the data plane. If it throws, the response that led to
   * the snapshot is NACKed with the error and the previous snapshot stays in force.
   */
  readonly applier?: (snapshot: XdsSnapshot) => Promise<void> | void;
  /** Called after each applied snapshot. */
  readonly onUpdate?: (snapshot: XdsSnapshot) => void;
}

type Stream = ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>;
const SET_KEY = { [XdsTypeUrl.Cluster]: 'cds', [XdsTypeUrl.ClusterLoadAssignment]: 'eds', [XdsTypeUrl.Listener]: 'lds', [XdsTypeUrl.RouteConfiguration]: 'rds' } as const;

/**
 * The sidecar's ADS client, subscribing as Envoy does on one stream: CDS and LDS wildcard,
 * EDS for the EDS clusters' service names, RDS for the route configs the listeners name.
 * Responses are handled one at a time; a response that cannot be decoded, or whose resulting
 * snapshot the applier rejects, is NACKed and the last good config stays. New config switches
 * in only when consistent (see warming.ts). A lost stream keeps the snapshot and resubscribes
 * with the accepted versions.
 */
export class AdsClient {
  readonly #options: AdsClientOptions;
  readonly #counters: XdsCounters = { acks: 0, nacks: 0 };
  readonly #subs: AdsSubscriptions;
  readonly #typeStats: Record<string, { update_attempt: number; update_success: number; update_rejected: number }> = {};
  #applied: XdsSets = {};
  #received: XdsSets = {};
  #snapshot: XdsSnapshot = EMPTY_SNAPSHOT;
  #waiting: readonly string[] = [];
  #initialized = false;
  #connected = false;
  #stream: Stream | undefined;
  #queue: Promise<void> = Promise.resolve();
  #warmingTimer: NodeJS.Timeout | undefined;
  #warmingExpiredFor: XdsSets['cds'];
  #stop: (() => Promise<void>) | undefined;
  #client: InstanceType<typeof AggregatedDiscoveryServiceClient> | undefined;

  constructor(options: AdsClientOptions) {
    this.#options = options;
    this.#subs = new AdsSubscriptions(options.node);
  }

  snapshot(): XdsSnapshot {
    return this.#snapshot;
  }

  /** True once a full config (clusters with their endpoints, listeners with their routes) was applied. */
  initialized(): boolean {
    return this.#initialized;
  }

  /** Why the sidecar is not fully configured yet, or undefined. */
  notReadyReason(): string | undefined {
    if (this.#initialized) return undefined;
    const missing = (['cds', 'eds', 'lds', 'rds'] as const).filter((k) => !this.#applied[k]);
    return `config from pilot at ${this.#options.address} not complete: ${[missing.length ? `no ${missing.join('/')} applied yet` : '', ...this.#waiting].filter(Boolean).join('; ') || 'waiting'}`;
  }

  status(): { connected: boolean; initialized: boolean; versions: Readonly<Record<string, string>>; accepted: Readonly<Record<string, string>>; waiting: readonly string[] } & XdsCounters {
    return { connected: this.#connected, initialized: this.#initialized, versions: this.#snapshot.versions, accepted: this.#subs.accepted(), waiting: this.#waiting, ...this.#counters };
  }

  /** Envoy-style update counters per type (`cds`, `eds`, `lds`, `rds`). */
  typeStats(): Readonly<Record<string, { update_attempt: number; update_success: number; update_rejected: number }>> {
    return this.#typeStats;
  }

  #count(typeUrl: string, outcome: 'update_success' | 'update_rejected'): void {
    const short = resourceTypeOf(typeUrl)?.short ?? 'unknown';
    const stats = (this.#typeStats[short] ??= { update_attempt: 0, update_success: 0, update_rejected: 0 });
    stats.update_attempt++;
    stats[outcome]++;
  }

  start(): void {
    const { address, log } = this.#options;
    this.#client = createGrpcClient(AggregatedDiscoveryServiceClient, address, { credentials: this.#options.credentials ?? grpcCredentials.createInsecure() });
    this.#stop = runWithReconnect({
      name: `ads ${address}`,
      log,
      backoff: this.#options.backoff ?? new Backoff({ initialMs: 100, maxMs: 15_000, multiplier: 2, jitter: 0.2 }),
      connect: (signal, connected) => this.#runStream(signal, connected),
    });
  }

  async stop(): Promise<void> {
    clearTimeout(this.#warmingTimer);
    const stopped = this.#stop?.();
    this.#stream?.cancel();
    await stopped;
    this.#client?.close();
  }

  #runStream(signal: AbortSignal, connected: () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const client = this.#client;
      if (!client) return resolve();
      const stream = client.streamAggregatedResources();
      this.#stream = stream;
      signal.addEventListener('abort', () => stream.cancel(), { once: true });
      const resubscribe = this.#subs.restart();
      if (resubscribe.length === 0) this.#write(stream, this.#subs.subscribe(XdsTypeUrl.Cluster, []));
      for (const req of resubscribe) this.#write(stream, req);
      stream.on('data', (res: DiscoveryResponse) => {
        connected();
        this.#setConnected(true);
        this.#enqueue(() => this.#handle(stream, res));
      });
      stream.on('error', (err: Error & { code?: number; details?: string }) => {
        this.#setConnected(false);
        this.#noteUnsupportedType(err);
        if (err.code === status.CANCELLED && signal.aborted) resolve();
        else reject(err);
      });
      stream.on('end', () => {
        this.#setConnected(false);
        resolve();
      });
    });
  }

  /** pilot ends the stream with UNIMPLEMENTED naming a type it has no generator for. */
  #noteUnsupportedType(err: Error & { code?: number; details?: string }): void {
    if (err.code !== status.UNIMPLEMENTED) return;
    const typeUrl = Object.values(XdsTypeUrl).find((t) => t !== XdsTypeUrl.Cluster && (err.details ?? err.message).includes(`"${t}"`));
    if (!typeUrl) return;
    this.#subs.markUnsupported(typeUrl);
    this.#options.log.warn({ typeUrl, pilot: this.#options.address }, 'xds: pilot does not serve this type; continuing without it');
  }

  #enqueue(work: () => Promise<void>): void {
    this.#queue = this.#queue.then(work).catch((err: unknown) => this.#options.log.error({ reason: describeError(err) }, 'xds: update handling failed'));
  }

  #write(stream: Stream, req: DiscoveryRequest | undefined): void {
    if (req && stream === this.#stream) stream.write(req);
  }

  async #handle(stream: Stream, res: DiscoveryResponse): Promise<void> {
    const type = resourceTypeOf(res.typeUrl);
    if (!type) return this.#nack(stream, res, `unsupported type ${res.typeUrl}`);
    const key = SET_KEY[type.typeUrl];
    let set: TypeSet<unknown>;
    try {
      // EDS/RDS responses may carry only what changed: the other subscribed resources stay.
      const subscribed = MERGED_TYPES.has(type.typeUrl) ? this.#subs.names(type.typeUrl) : undefined;
      set = setFromResponse(res, type.decode.bind(type), this.#received[key], subscribed);
    } catch (err) {
      return this.#nack(stream, res, describeError(err));
    }
    const previous = this.#received;
    this.#received = { ...previous, [key]: set };
    try {
      await this.#reconcile();
    } catch (err) {
      this.#received = previous;
      return this.#nack(stream, res, describeError(err));
    }
    this.#counters.acks++;
    this.#count(res.typeUrl, 'update_success');
    this.#write(stream, this.#subs.ack(res.typeUrl, res.versionInfo, res.nonce));
    this.#options.log.debug({ type: type.short, version: res.versionInfo, count: set.items.size }, 'xds: accepted update (ACK)');
    this.#followSubscriptions(stream, type.typeUrl);
  }

  /**
   * EDS follows the received clusters, RDS the received listeners; LDS starts after the first
   * CDS, as Envoy's init does. Resources no longer subscribed leave the received set (with the
   * next applied snapshot): partial EDS/RDS responses never remove them.
   */
  #followSubscriptions(stream: Stream, typeUrl: string): void {
    if (typeUrl === XdsTypeUrl.Cluster && this.#received.cds) {
      const names = edsNamesFor(new Map([...this.#received.cds.items].map(([k, v]) => [k, v.value])));
      if (names.length > 0 || this.#subs.isActive(XdsTypeUrl.ClusterLoadAssignment)) this.#resubscribe(stream, XdsTypeUrl.ClusterLoadAssignment, names);
      if (!this.#subs.isActive(XdsTypeUrl.Listener)) this.#write(stream, this.#subs.subscribe(XdsTypeUrl.Listener, []));
    }
    if (typeUrl === XdsTypeUrl.Listener && this.#received.lds) {
      const names = rdsNamesFor(new Map([...this.#received.lds.items].map(([k, v]) => [k, v.value])));
      if (names.length > 0 || this.#subs.isActive(XdsTypeUrl.RouteConfiguration)) this.#resubscribe(stream, XdsTypeUrl.RouteConfiguration, names);
    }
  }

  #resubscribe(stream: Stream, typeUrl: typeof XdsTypeUrl.ClusterLoadAssignment | typeof XdsTypeUrl.RouteConfiguration, names: readonly string[]): void {
    const req = this.#subs.subscribe(typeUrl, names);
    if (!req) return;
    const key = SET_KEY[typeUrl];
    this.#received = { ...this.#received, [key]: restrictTo<unknown>(this.#received[key], names) };
    this.#write(stream, req);
  }

  #nack(stream: Stream, res: DiscoveryResponse, reason: string): void {
    this.#counters.nacks++;
    this.#count(res.typeUrl, 'update_rejected');
    this.#counters.lastNack = { typeUrl: res.typeUrl, version: res.versionInfo, reason, at: new Date().toISOString() };
    this.#options.log.warn({ typeUrl: res.typeUrl, version: res.versionInfo, reason }, 'xds: rejecting update (NACK), keeping last good config');
    this.#write(stream, this.#subs.nack(res.typeUrl, res.nonce, reason));
  }

  /** Applies the newest consistent configuration if it differs from what is applied. */
  async #reconcile(): Promise<void> {
    const { sets, waiting } = compose(this.#applied, this.#received, this.#received.cds !== undefined && this.#received.cds === this.#warmingExpiredFor);
    this.#waiting = waiting;
    this.#armWarmingTimer(sets);
    const a = this.#applied;
    if (sets.cds === a.cds && sets.eds === a.eds && sets.lds === a.lds && sets.rds === a.rds) return;
    const snapshot = snapshotOf(sets);
    await this.#options.applier?.(snapshot);
    this.#applied = sets;
    this.#snapshot = snapshot;
    this.#checkInitialized();
    this.#options.onUpdate?.(snapshot);
  }

  /** A cluster set still warming gets a deadline, after which it is applied without its endpoints. */
  #armWarmingTimer(sets: XdsSets): void {
    const warming = this.#received.cds !== undefined && sets.cds !== this.#received.cds && this.#received.cds !== this.#warmingExpiredFor;
    if (!warming) {
      clearTimeout(this.#warmingTimer);
      this.#warmingTimer = undefined;
      return;
    }
    if (this.#warmingTimer) return;
    const cds = this.#received.cds;
    this.#warmingTimer = setTimeout(() => {
      this.#warmingTimer = undefined;
      if (this.#received.cds !== cds) return;
      this.#warmingExpiredFor = cds;
      this.#options.log.warn({ version: cds?.version }, 'xds: clusters warming timed out; applying without all endpoints');
      this.#enqueue(() => this.#reconcile());
    }, this.#options.warmingTimeoutMs ?? 15_000);
    this.#warmingTimer.unref();
  }

  #checkInitialized(): void {
    if (this.#initialized) return;
    const { cds, eds, lds, rds } = this.#applied;
    if (!cds || (!lds && !this.#subs.isUnsupported(XdsTypeUrl.Listener))) return;
    const needsEds = edsNamesFor(this.#snapshot.clusters).length > 0;
    const needsRds = rdsNamesFor(this.#snapshot.listeners).length > 0;
    if ((needsEds && !eds && !this.#subs.isUnsupported(XdsTypeUrl.ClusterLoadAssignment)) || (needsRds && !rds && !this.#subs.isUnsupported(XdsTypeUrl.RouteConfiguration))) return;
    this.#initialized = true;
    this.#options.log.info({ versions: this.#snapshot.versions }, 'xds: initial configuration applied');
  }

  #setConnected(value: boolean): void {
    if (this.#connected !== value) this.#options.log.info({ pilot: this.#options.address }, value ? 'xds: connected' : 'xds: disconnected');
    this.#connected = value;
  }
}
