import { Pool } from 'undici';

export interface LoadCounts {
  sent: number;
  /** Answers with a 2xx status. */
  ok: number;
  errors5xx: number;
  /** Any other status (4xx, 3xx). */
  otherStatus: number;
  /** No HTTP answer at all: reset, refused, timed out. */
  networkErrors: number;
  /** 2xx answers per backend pod (its `x-upstream` header). */
  byUpstream: Record<string, number>;
  /** Every status seen, with how often; `network` for the failures without one. */
  statuses: Record<string, number>;
}

export interface LoadOptions {
  readonly rps: number;
  /** Host header: the service the client app calls through its sidecar. */
  readonly authority: string;
  readonly headers?: Readonly<Record<string, string>>;
}

const emptyCounts = (): LoadCounts => ({ sent: 0, ok: 0, errors5xx: 0, otherStatus: 0, networkErrors: 0, byUpstream: {}, statuses: {} });

/**
 * The client application: calls the service at a steady rate through its sidecar's virtual
 * listener (an explicit HTTP proxy) and counts every outcome. Requests are never abandoned by
 * the client, so each one sent ends in exactly one count.
 */
export class SteadyLoad {
  readonly counts = emptyCounts();
  readonly #inFlight = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #sentAtStart = 0;

  constructor(
    private readonly pool: Pool,
    private readonly options: LoadOptions,
  ) {}

  static pool(proxyIp: string): Pool {
    return new Pool(`http://${proxyIp}:15001`, { connections: 128, headersTimeout: 60_000, bodyTimeout: 60_000 });
  }

  start(): this {
    this.#startedAt = Date.now();
    this.#sentAtStart = this.counts.sent;
    // Catch up on what is due each tick: the rate holds even when a timer fires late.
    this.#timer = setInterval(() => {
      const due = Math.floor(((Date.now() - this.#startedAt) * this.options.rps) / 1000);
      while (this.counts.sent - this.#sentAtStart < due) this.fire();
    }, 10);
    return this;
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Stops sending, waits for every request already sent, and returns the counts. */
  async stop(): Promise<LoadCounts> {
    clearInterval(this.#timer);
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    return this.counts;
  }

  /** Sends one request now; resolves with its status (0 when it got no answer). */
  send(headers: Readonly<Record<string, string>> = {}): Promise<number> {
    const c = this.counts;
    c.sent++;
    let status = 0;
    const done = this.pool
      .request({ method: 'GET', path: `/work/${c.sent}`, headers: { host: this.options.authority, ...this.options.headers, ...headers } })
      .then(async (res) => {
        status = res.statusCode;
        await res.body.text();
        const upstream = res.headers['x-upstream'];
        if (status >= 200 && status < 300) {
          c.ok++;
          if (typeof upstream === 'string') c.byUpstream[upstream] = (c.byUpstream[upstream] ?? 0) + 1;
        } else if (status >= 500) c.errors5xx++;
        else c.otherStatus++;
        c.statuses[status] = (c.statuses[status] ?? 0) + 1;
      })
      .catch(() => {
        c.networkErrors++;
        c.statuses['network'] = (c.statuses['network'] ?? 0) + 1;
      })
      .finally(() => this.#inFlight.delete(done));
    this.#inFlight.add(done);
    return done.then(() => status);
  }

  private fire(): void {
    void this.send();
  }
}

/** Sends `count` requests, `concurrency` at a time, and returns the counts. */
export async function burst(pool: Pool, options: Omit<LoadOptions, 'rps'>, count: number, concurrency = 10): Promise<LoadCounts> {
  const load = new SteadyLoad(pool, { ...options, rps: 0 });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await load.send();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return load.counts;
}
