import * as grpc from '@grpc/grpc-js';
import { LoadClient, type PushRecord, type XdsKind } from './load-client';
import { simulatedProxy } from './node-identity';

export interface LoadOptions {
  /** pilot's ADS address, host:port. */
  readonly address: string;
  readonly clients: number;
  /** gRPC channels (TCP connections) the streams are spread over. */
  readonly channels?: number;
  readonly namespaces?: number;
  /** Overrides the namespace of client `index` (e.g. to put some proxies under a Sidecar). */
  readonly namespaceOf?: (index: number) => string;
  /** Streams opened per batch, and the pause between batches, so pilot is not hit by all at once. */
  readonly batchSize?: number;
  readonly batchPauseMs?: number;
  readonly onPush?: (client: LoadClient, push: PushRecord) => void;
  /** What each client asks for (default all four); see `probeServedKinds`. */
  readonly kinds?: readonly XdsKind[];
}

export interface LoadSummary {
  readonly clients: number;
  /** Clients that have every kind they asked for (LoadClient.configured). */
  readonly configured: number;
  /** Clients whose stream failed at least once (they reconnect). */
  readonly errors: number;
  readonly firstError: string | undefined;
  readonly reconnects: number;
  /** Mean size of a proxy's current config (newest response of each kind). */
  readonly bytesPerProxy: number;
  readonly bytesPerProxyByKind: Record<XdsKind, number>;
  readonly pushesReceived: number;
}

/** N simulated proxies on ADS streams to one pilot. */
export class LoadSimulator {
  readonly clients: LoadClient[] = [];
  readonly #channels: grpc.Client[] = [];
  #stopped = false;

  private constructor(private readonly options: LoadOptions) {}

  static async start(options: LoadOptions): Promise<LoadSimulator> {
    const sim = new LoadSimulator(options);
    await sim.#open();
    return sim;
  }

  async #open(): Promise<void> {
    const { address, clients } = this.options;
    const channelCount = Math.max(1, Math.min(this.options.channels ?? 4, clients));
    for (let i = 0; i < channelCount; i++) {
      // A local subchannel pool per client: otherwise grpc-js shares one connection among them all.
      this.#channels.push(
        new grpc.Client(address, grpc.credentials.createInsecure(), {
          'grpc.use_local_subchannel_pool': 1,
          'grpc.max_receive_message_length': 256 * 1024 * 1024,
          // No client keepalive: a pilot busy for seconds in a push would miss the ping deadline
          // and every stream on the channel would be dropped; the load must measure pushes.
        }),
      );
    }
    const batch = Math.max(1, this.options.batchSize ?? 100);
    for (let i = 0; i < clients && !this.#stopped; i++) {
      const proxy = simulatedProxy(i, this.options.namespaces ?? 50, this.options.namespaceOf);
      const client = new LoadClient(proxy, this.options.onPush, new Set(this.options.kinds ?? ALL_KINDS));
      this.clients.push(client);
      client.start(this.#channels[i % channelCount] as grpc.Client);
      if ((i + 1) % batch === 0) await sleep(this.options.batchPauseMs ?? 50);
    }
  }

  /** Resolves once every client has CDS and LDS (and EDS/RDS when it subscribed to them). */
  async waitForConfig(timeoutMs: number): Promise<LoadSummary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const summary = this.summary();
      if (summary.configured === this.clients.length) return summary;
      if (Date.now() > deadline) throw new Error(`only ${summary.configured}/${this.clients.length} clients configured after ${timeoutMs} ms (${summary.errors} stream errors; first: ${summary.firstError ?? 'none'})`);
      await sleep(100);
    }
  }

  summary(): LoadSummary {
    const byKind: Record<XdsKind, number> = { cds: 0, eds: 0, lds: 0, rds: 0 };
    let configured = 0;
    let errors = 0;
    let firstError: string | undefined;
    let pushes = 0;
    let reconnects = 0;
    for (const c of this.clients) {
      reconnects += c.reconnects;
      if (c.configured) configured++;
      if (c.error) {
        errors++;
        firstError ??= c.error;
      }
      pushes += c.pushes.length;
      for (const k of Object.keys(byKind) as XdsKind[]) byKind[k] += c.latestBytes[k];
    }
    const n = Math.max(1, this.clients.length);
    for (const k of Object.keys(byKind) as XdsKind[]) byKind[k] = Math.round(byKind[k] / n);
    const bytesPerProxy = byKind.cds + byKind.eds + byKind.lds + byKind.rds;
    return { clients: this.clients.length, configured, errors, firstError, reconnects, bytesPerProxy, bytesPerProxyByKind: byKind, pushesReceived: pushes };
  }

  stop(): void {
    this.#stopped = true;
    for (const c of this.clients) c.stop();
    for (const ch of this.#channels) ch.close();
  }
}

const ALL_KINDS: readonly XdsKind[] = ['cds', 'eds', 'lds', 'rds'];

/**
 * Which kinds `address` serves: one probe proxy asks for LDS; a pilot without listeners answers
 * UNIMPLEMENTED and ends the stream, in which case the load asks for CDS and EDS only.
 */
export async function probeServedKinds(address: string, timeoutMs = 10_000): Promise<XdsKind[]> {
  const channel = new grpc.Client(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
  const probe = new LoadClient(simulatedProxy(1_000_000, 1, () => 'istio-system'), undefined, new Set<XdsKind>(['lds']));
  try {
    probe.start(channel);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && probe.pushes.length === 0 && !probe.error) await sleep(50);
    return probe.error?.includes('UNIMPLEMENTED') ? ['cds', 'eds'] : [...ALL_KINDS];
  } finally {
    probe.stop();
    channel.close();
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
