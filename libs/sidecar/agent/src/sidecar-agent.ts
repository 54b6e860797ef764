import { describeError } from '@tsmesh/shared-errors';
import type { AdminSource, ServerState } from '@tsmesh/sidecar-admin';
import { type IdentityMaterial, startWorkloadIdentity, type WorkloadIdentity } from '@tsmesh/sidecar-identity';
import type { RequestRecord } from '@tsmesh/sidecar-dataplane';
import { dataPlaneExchange } from './dataplane-exchange';
import { createMixerReporter, HTTP_REPORT_SCHEMA, httpReportValues, type MixerReporter } from '@tsmesh/sidecar-mixer-client';
import { AdsClient } from '@tsmesh/sidecar-xds-client';
import type { Logger } from 'pino';
import { clustersFromSnapshot, type SidecarDataPlane } from './data-plane';
import { envoyStats } from './sidecar-stats';
import { type BootstrapExtras, nodeId, nodeMetadata, serviceCluster, type WorkloadInfo } from './workload';

export interface SidecarAgentOptions {
  readonly workload: WorkloadInfo;
  readonly bootstrap: BootstrapExtras;
  readonly pilotAddress: string;
  readonly mixerAddress: string;
  readonly identity: {
    readonly citadelAddress: string;
    readonly rootCertFile: string;
    readonly tokenFile: string;
    readonly certsDir: string;
  };
  /** The data path pilot's snapshots are applied to (absent only in control-plane-only tests). */
  readonly dataPlane?: SidecarDataPlane;
  readonly warmingTimeoutMs?: number;
  readonly log: Logger;
}

/**
 * Everything one sidecar runs: its identity from citadel, its config from pilot (applied to the
 * data plane) and its Mixer reporter. Each piece keeps working on what it has
 * when its peer is away; `problems()` says what is not there yet, for the readiness probe.
 */
export class SidecarAgent {
  readonly ads: AdsClient;
  readonly reporter: MixerReporter;
  readonly startedAt = new Date();
  readonly #options: SidecarAgentOptions;
  readonly #identityAbort = new AbortController();
  #identity: WorkloadIdentity | undefined;
  #draining = false;

  constructor(options: SidecarAgentOptions) {
    this.#options = options;
    const w = options.workload;
    const dataPlane = options.dataPlane;
    this.ads = new AdsClient({
      address: options.pilotAddress,
      node: { id: nodeId(w), cluster: serviceCluster(w), metadata: nodeMetadata(w, options.bootstrap), locality: options.bootstrap.locality },
      log: options.log,
      warmingTimeoutMs: options.warmingTimeoutMs,
      applier: dataPlane ? (snapshot) => dataPlane.apply(snapshot) : undefined,
    });
    this.reporter = createMixerReporter({ address: options.mixerAddress, log: options.log });
  }

  async start(): Promise<void> {
    const { log, workload } = this.#options;
    this.ads.start();
    startWorkloadIdentity({ ...this.#options.identity, trustDomain: workload.trustDomain, namespace: workload.namespace, serviceAccount: workload.serviceAccount, log, signal: this.#identityAbort.signal })
      .then((identity) => {
        this.#identity = identity;
        log.info({ spiffeId: identity.current().spiffeId, renewAt: identity.nextRenewalAt().toISOString() }, 'workload certificate ready');
      })
      .catch((err: unknown) => {
        if (!this.#identityAbort.signal.aborted) log.error({ reason: describeError(err) }, 'workload identity stopped');
      });
  }

  identity(): IdentityMaterial | undefined {
    return this.#identity?.current();
  }

  /** Envoy's server state: LIVE once the first full config is applied, DRAINING after drain. */
  state(): ServerState {
    if (this.#draining) return 'DRAINING';
    return this.ads.initialized() ? 'LIVE' : this.ads.status().connected ? 'INITIALIZING' : 'PRE_INITIALIZING';
  }

  /**
   * The control-plane peers this sidecar is talking to now: pilot while its ADS stream is up,
   * citadel once it holds a certificate, mixer once a report got through.
   */
  connectedPeers(): string[] {
    const peers: string[] = [];
    if (this.ads.status().connected) peers.push('pilot');
    if (this.#identity) peers.push('citadel');
    if (this.reporter.stats().totalRemoteReportSuccesses > 0) peers.push('mixer');
    return peers;
  }

  /** Why the sidecar is not ready yet, or an empty list. */
  problems(): string[] {
    const problems: string[] = [];
    const config = this.ads.notReadyReason();
    if (config) problems.push(config);
    if (!this.#identity) problems.push(`no certificate from citadel at ${this.#options.identity.citadelAddress} yet`);
    return problems;
  }

  /** What the admin API (:15000) reads and acts on. `quit` ends the process cleanly. */
  adminSource(version: string, quit: () => void): AdminSource {
    const w = this.#options.workload;
    return {
      snapshot: () => this.ads.snapshot(),
      clusters: () => this.#options.dataPlane?.clusters() ?? clustersFromSnapshot(this.ads.snapshot()),
      stats: () => ({ ...envoyStats(this.ads), ...this.#options.dataPlane?.stats() }),
      state: () => this.state(),
      drainListeners: () => this.drainListeners(),
      quit,
      node: { id: nodeId(w), cluster: serviceCluster(w), metadata: nodeMetadata(w, this.#options.bootstrap) },
      version,
      startedAt: this.startedAt,
    };
  }

  /** Stops accepting new connections; requests in flight carry on. */
  async drainListeners(): Promise<void> {
    this.#draining = true;
    await this.#options.dataPlane?.drainListeners();
  }

  /**
   * Envoy's drain on SIGTERM: stop accepting, give in-flight requests up to `drainMs`, then
   * close everything. Control-plane connections stay up until the data path is done.
   */
  async drainAndStop(drainMs: number): Promise<void> {
    await this.drainListeners();
    await Promise.race([this.#options.dataPlane?.close(drainMs), delay(drainMs)]);
    await this.stop();
  }

  async stop(): Promise<void> {
    this.#identityAbort.abort();
    this.#identity?.stop();
    await this.ads.stop();
    await this.reporter.close();
  }

  /** A finished data-path request → a Mixer report (both directions, as Istio 1.2's proxies report). */
  reportRequest(record: RequestRecord): void {
    try {
      this.reporter.reportSlots(HTTP_REPORT_SCHEMA, httpReportValues(dataPlaneExchange(record, this.#options.workload)));
    } catch (err) {
      this.#options.log.warn({ reason: describeError(err) }, 'could not build report attributes');
    }
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
