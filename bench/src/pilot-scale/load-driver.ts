import type { HarnessProcess, ProcessHarness } from '@tsmesh/shared-testing';
import { distMain } from './control-plane';

type Kind = 'cds' | 'eds' | 'lds' | 'rds';
const KINDS: readonly Kind[] = ['cds', 'eds', 'lds', 'rds'];

interface PushEvent {
  readonly event: 'push';
  readonly client: number;
  readonly ns: string;
  readonly kind: Kind;
  readonly bytes: number;
  /** The kind's config the client holds after this response (EDS/RDS responses may be partial). */
  readonly held?: number;
  readonly at: number;
}

interface ClientView {
  ns: string;
  latest: Record<Kind, number>;
  /** Arrival times (epoch ms) per kind, in order. */
  arrivals: Record<Kind, number[]>;
}

/**
 * Runs the xds-load CLI (dist/tools/xds-load) as its own process, so 2,000 simulated proxies do
 * not share an event loop with the measuring code, and follows its JSON-lines events.
 */
export class LoadDriver {
  readonly clients = new Map<number, ClientView>();
  configured: Record<string, unknown> | undefined;
  failure: string | undefined;
  #buffer = '';
  /** Every response's arrival time and size, per kind, to sum the bytes a push moved. */
  readonly #delivered: Record<Kind, Array<{ at: number; bytes: number }>> = { cds: [], eds: [], lds: [], rds: [] };

  private constructor(readonly process: HarnessProcess) {
    process.child.stdout?.on('data', (chunk: Buffer) => this.#onData(chunk.toString()));
    process.child.stderr?.on('data', (chunk: Buffer) => (this.#stderr = (this.#stderr + chunk.toString()).slice(-2000)));
    process.child.once('exit', (code, signal) => (this.failure ??= `xds-load exited (code ${code}, signal ${signal}): ${this.#stderr.trim().slice(-600)}`));
  }

  #stderr = '';

  /** Why the load stopped early, if it did (the round loops check this). */
  get exited(): boolean {
    return this.process.child.exitCode !== null || this.process.child.signalCode !== null;
  }

  static start(harness: ProcessHarness, address: string, clients: number, namespaces: number): LoadDriver {
    // 2,000 proxies' config (~1 MB each) passes through the simulator on every full push.
    // BENCH_LOAD_NODE_ARGS (space-separated) adds node flags, e.g. --cpu-prof for profiling the simulator.
    const extra = (process.env['BENCH_LOAD_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
    const args = ['--max-old-space-size=6144', ...extra, distMain('tools/xds-load'), '--pilot-address', address, '--clients', String(clients), '--channels', '8', '--namespaces', String(namespaces), '--events', '--config-timeout-s', '600'];
    return new LoadDriver(harness.spawn('xds-load', process.execPath, args));
  }

  #onData(text: string): void {
    this.#buffer += text;
    let nl: number;
    while ((nl = this.#buffer.indexOf('\n')) >= 0) {
      const line = this.#buffer.slice(0, nl);
      this.#buffer = this.#buffer.slice(nl + 1);
      if (!line.startsWith('{')) continue;
      const event = JSON.parse(line) as { event: string } & Record<string, unknown>;
      if (event.event === 'push') this.#onPush(event as unknown as PushEvent);
      else if (event.event === 'configured') this.configured = event;
      else if (event.event === 'timeout') this.failure = String(event['reason']);
    }
  }

  #onPush(e: PushEvent): void {
    let view = this.clients.get(e.client);
    if (!view) {
      view = { ns: e.ns, latest: { cds: 0, eds: 0, lds: 0, rds: 0 }, arrivals: { cds: [], eds: [], lds: [], rds: [] } };
      this.clients.set(e.client, view);
    }
    view.latest[e.kind] = e.held ?? e.bytes;
    view.arrivals[e.kind].push(e.at);
    this.#delivered[e.kind].push({ at: e.at, bytes: e.bytes });
  }

  /** Bytes of the responses all clients received in [since, until), per kind. */
  bytesDelivered(since: number, until: number): Record<Kind, number> {
    const out: Record<Kind, number> = { cds: 0, eds: 0, lds: 0, rds: 0 };
    for (const k of KINDS) for (const d of this.#delivered[k]) if (d.at >= since && d.at < until) out[k] += d.bytes;
    return out;
  }

  /** Mean current config size of the proxies `include` selects (by namespace). */
  bytesPerProxy(include: (ns: string) => boolean): number {
    let total = 0;
    let n = 0;
    for (const view of this.clients.values()) {
      if (!include(view.ns)) continue;
      n++;
      for (const k of KINDS) total += view.latest[k];
    }
    return n === 0 ? 0 : Math.round(total / n);
  }

  /**
   * Per client, ms from `since` to the first response of one of `kinds` after it; waits until
   * `expected` clients have one or `timeoutMs` passes (then returns what arrived).
   */
  async arrivalsAfter(since: number, kinds: readonly Kind[], expected: number, timeoutMs: number): Promise<number[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const latencies: number[] = [];
      for (const view of this.clients.values()) {
        let first = Infinity;
        for (const k of kinds) {
          const at = view.arrivals[k].find((t) => t >= since);
          if (at !== undefined && at < first) first = at;
        }
        if (first !== Infinity) latencies.push(first - since);
      }
      if (latencies.length >= expected || Date.now() > deadline || this.exited) return latencies;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Drops arrival history (keeps current sizes), so memory stays flat over many rounds. */
  forgetArrivals(): void {
    for (const view of this.clients.values()) for (const k of KINDS) view.arrivals[k] = [];
  }
}
