import { describeError } from '@tsmesh/shared-errors';
import { startInboundListener, type InboundListener, type RequestInfo } from '@tsmesh/sidecar-inbound';
import { type IdentityMaterial, startWorkloadIdentity, type WorkloadIdentity } from '@tsmesh/sidecar-identity';
import { createMixerReporter, httpReportAttributes, type MixerReporter } from '@tsmesh/sidecar-mixer-client';
import { AdsClient } from '@tsmesh/sidecar-xds-client';
import type { Logger } from 'pino';
import { inboundExchange } from './inbound-exchange';
import { nodeId, serviceCluster, type WorkloadInfo } from './workload';

export interface SidecarAgentOptions {
  readonly workload: WorkloadInfo;
  readonly inboundPorts: readonly number[];
  readonly appHost: string;
  readonly pilotAddress: string;
  readonly mixerAddress: string;
  readonly identity: {
    readonly citadelAddress: string;
    readonly rootCertFile: string;
    readonly tokenFile: string;
    readonly certsDir: string;
  };
  readonly log: Logger;
}

/**
 * Everything one sidecar runs: its identity from citadel, its config from pilot, its inbound
 * listeners and its Mixer reporter. Each piece keeps working on what it has when its peer is
 * away; `problems()` says what is not there yet, for the readiness probe.
 */
export class SidecarAgent {
  readonly ads: AdsClient;
  readonly reporter: MixerReporter;
  readonly #options: SidecarAgentOptions;
  readonly #listeners: InboundListener[] = [];
  readonly #identityAbort = new AbortController();
  #identity: WorkloadIdentity | undefined;

  constructor(options: SidecarAgentOptions) {
    this.#options = options;
    const w = options.workload;
    this.ads = new AdsClient({
      address: options.pilotAddress,
      node: { id: nodeId(w), cluster: serviceCluster(w), metadata: { CONFIG_NAMESPACE: w.namespace, POD_NAME: w.podName, INSTANCE_IPS: w.podIp, SERVICE_ACCOUNT: w.serviceAccount, LABELS: JSON.stringify(w.labels) } },
      log: options.log,
    });
    this.reporter = createMixerReporter({ address: options.mixerAddress, log: options.log });
  }

  async start(): Promise<void> {
    const { log, workload } = this.#options;
    for (const port of this.#options.inboundPorts) {
      this.#listeners.push(
        await startInboundListener({ host: workload.podIp, port, appHost: this.#options.appHost, appPort: port, onRequestComplete: (info) => this.#report(info) }),
      );
    }
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
    if (this.ads.snapshot().versions['type.googleapis.com/envoy.config.cluster.v3.Cluster'] === undefined) problems.push(`no clusters from pilot at ${this.#options.pilotAddress} yet`);
    if (!this.#identity) problems.push(`no certificate from citadel at ${this.#options.identity.citadelAddress} yet`);
    return problems;
  }

  async stop(): Promise<void> {
    this.#identityAbort.abort();
    this.#identity?.stop();
    await Promise.all(this.#listeners.map((l) => l.close()));
    this.ads.stop();
    await this.reporter.close();
  }

  /** Runs after the response is sent; telemetry problems are logged, never thrown at traffic. */
  #report(info: RequestInfo): void {
    try {
      const host = this.#serviceHostFor(info.destinationPort);
      this.reporter.report(httpReportAttributes(inboundExchange(info, this.#options.workload, host)));
    } catch (err) {
      this.#options.log.warn({ reason: describeError(err) }, 'could not build report attributes');
    }
  }

  /** The service whose endpoints include this pod on `port`, from pilot's EDS. */
  #serviceHostFor(port: number): string | undefined {
    const { podIp } = this.#options.workload;
    for (const cla of this.ads.snapshot().loadAssignments.values()) {
      if (cla.endpoints.some((e) => e.address === podIp && e.port === port)) return cla.clusterName.split('|')[3];
    }
    return undefined;
  }
}
