import { type ChannelCredentials, type ClientDuplexStream, credentials as grpcCredentials, status } from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { AggregatedDiscoveryServiceClient } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import { DiscoveryRequest, type DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { describeError } from '@tsmesh/shared-errors';
import { Backoff, createGrpcClient, runWithReconnect } from '@tsmesh/shared-runtime';
import type { Logger } from 'pino';
import { CLUSTER_TYPE, ENDPOINT_TYPE, type ResourceType } from './resource-types';
import { EMPTY_SNAPSHOT, edsNamesFor, type XdsCounters, type XdsSnapshot } from './xds-state';

export interface ProxyNode {
  /** Istio 1.2 format: `sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.cluster.local`. */
  readonly id: string;
  /** Envoy service cluster, e.g. `productpage.default`. */
  readonly cluster: string;
  readonly metadata: Readonly<Record<string, string>>;
}

export interface AdsClientOptions {
  readonly address: string;
  readonly node: ProxyNode;
  readonly log: Logger;
  readonly credentials?: ChannelCredentials;
  readonly backoff?: Backoff;
  /** Called after each accepted update with the new last-good snapshot. */
  readonly onUpdate?: (snapshot: XdsSnapshot) => void;
}

type Stream = ClientDuplexStream<DiscoveryRequest, DiscoveryResponse>;

/**
 * The sidecar's ADS client. It subscribes to clusters, then to the endpoints those clusters
 * need. A response it cannot apply is NACKed whole and the last good snapshot stays in force;
 * a lost connection keeps serving that snapshot and resubscribes with the accepted versions.
 */
export class AdsClient {
  readonly #options: AdsClientOptions;
  readonly #counters: XdsCounters = { acks: 0, nacks: 0 };
  #snapshot: XdsSnapshot = EMPTY_SNAPSHOT;
  #connected = false;
  #stop: (() => void) | undefined;
  #client: InstanceType<typeof AggregatedDiscoveryServiceClient> | undefined;
  #requestedEds: string[] = [];

  constructor(options: AdsClientOptions) {
    this.#options = options;
  }

  snapshot(): XdsSnapshot {
    return this.#snapshot;
  }

  status(): { connected: boolean; versions: Readonly<Record<string, string>> } & XdsCounters {
    return { connected: this.#connected, versions: this.#snapshot.versions, ...this.#counters };
  }

  start(): void {
    const { address, log } = this.#options;
    this.#client = createGrpcClient(AggregatedDiscoveryServiceClient, address, {
      credentials: this.#options.credentials ?? grpcCredentials.createInsecure(),
    });
    this.#stop = runWithReconnect({
      name: `ads ${address}`,
      log,
      backoff: this.#options.backoff ?? new Backoff({ initialMs: 100, maxMs: 15_000, multiplier: 2, jitter: 0.2 }),
      connect: (signal) => this.#runStream(signal),
    });
  }

  stop(): void {
    this.#stop?.();
    this.#client?.close();
  }

  #runStream(signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const client = this.#client;
      if (!client) return resolve();
      const stream = client.streamAggregatedResources();
      signal.addEventListener('abort', () => stream.cancel(), { once: true });
      this.#requestedEds = [];
      stream.write(this.#request(CLUSTER_TYPE.typeUrl, [], ''));
      if (this.#snapshot.clusters.size > 0) this.#requestEndpoints(stream, '');
      stream.on('data', (res: DiscoveryResponse) => {
        this.#setConnected(true);
        this.#handle(stream, res);
      });
      stream.on('error', (err: Error & { code?: number }) => {
        this.#setConnected(false);
        if (err.code === status.CANCELLED && signal.aborted) resolve();
        else reject(err);
      });
      stream.on('end', () => {
        this.#setConnected(false);
        resolve();
      });
    });
  }

  #handle(stream: Stream, res: DiscoveryResponse): void {
    const type: ResourceType<unknown> | undefined = res.typeUrl === CLUSTER_TYPE.typeUrl ? CLUSTER_TYPE : res.typeUrl === ENDPOINT_TYPE.typeUrl ? ENDPOINT_TYPE : undefined;
    if (!type) {
      stream.write(this.#request(res.typeUrl, [], res.nonce, `unsupported type ${res.typeUrl}`, res.versionInfo));
      return;
    }
    let decoded: Map<string, unknown>;
    try {
      decoded = new Map(res.resources.map((any) => {
        const { name, value } = type.decode(any);
        return [name, value] as const;
      }));
    } catch (err) {
      const reason = describeError(err);
      this.#counters.nacks++;
      this.#counters.lastNack = { typeUrl: res.typeUrl, version: res.versionInfo, reason, at: new Date().toISOString() };
      this.#options.log.warn({ type: type.short, version: res.versionInfo, reason }, 'xds: rejecting update (NACK), keeping last good config');
      stream.write(this.#request(res.typeUrl, this.#namesFor(res.typeUrl), res.nonce, reason));
      return;
    }
    const versions = { ...this.#snapshot.versions, [res.typeUrl]: res.versionInfo };
    this.#snapshot =
      type === CLUSTER_TYPE
        ? { ...this.#snapshot, clusters: decoded as XdsSnapshot['clusters'], versions }
        : { ...this.#snapshot, loadAssignments: decoded as XdsSnapshot['loadAssignments'], versions };
    this.#counters.acks++;
    stream.write(this.#request(res.typeUrl, this.#namesFor(res.typeUrl), res.nonce));
    this.#options.log.debug({ type: type.short, version: res.versionInfo, count: decoded.size }, 'xds: applied update (ACK)');
    if (type === CLUSTER_TYPE) this.#requestEndpoints(stream, this.#snapshot.versions[XdsTypeUrl.ClusterLoadAssignment] === undefined ? '' : undefined);
    this.#options.onUpdate?.(this.#snapshot);
  }

  /** Subscribes to the EDS names the current clusters need, when they changed. */
  #requestEndpoints(stream: Stream, nonce: string | undefined): void {
    const names = edsNamesFor(this.#snapshot.clusters);
    if (names.join() === this.#requestedEds.join()) return;
    this.#requestedEds = names;
    stream.write(this.#request(ENDPOINT_TYPE.typeUrl, names, nonce ?? this.#lastEdsNonce));
  }

  #lastEdsNonce = '';

  #namesFor(typeUrl: string): string[] {
    return typeUrl === ENDPOINT_TYPE.typeUrl ? this.#requestedEds : [];
  }

  #request(typeUrl: string, names: string[], nonce: string, error?: string, version?: string): DiscoveryRequest {
    if (typeUrl === ENDPOINT_TYPE.typeUrl && nonce) this.#lastEdsNonce = nonce;
    const { node } = this.#options;
    return DiscoveryRequest.fromPartial({
      versionInfo: version ?? this.#snapshot.versions[typeUrl] ?? '',
      node: { id: node.id, cluster: node.cluster, metadata: { ...node.metadata }, locality: { region: '', zone: '', subZone: '' }, userAgentName: 'tsmesh-sidecar' },
      resourceNames: names,
      typeUrl,
      responseNonce: nonce,
      errorDetail: error === undefined ? undefined : { code: status.INVALID_ARGUMENT, message: error, details: [] },
    });
  }

  #setConnected(value: boolean): void {
    if (this.#connected !== value) this.#options.log.info({ pilot: this.#options.address }, value ? 'xds: connected' : 'xds: disconnected');
    this.#connected = value;
  }
}
