import { createServer, type Server } from 'node:http';
import { Pool } from 'undici';

/**
 * One endpoint of the service: a real HTTP server on loopback. It answers with its name in
 * `x-upstream`, or 503 while failing (what outlier detection counts as a gateway error).
 */
export class LocalityUpstream {
  failing = false;
  received = 0;
  #server: Server | undefined;
  #port = 0;

  constructor(
    readonly name: string,
    /** `region/zone` as the ServiceEntry endpoint's `locality`. */
    readonly locality: string,
  ) {}

  get port(): number {
    return this.#port;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.received++;
      req.resume();
      res.writeHead(this.failing ? 503 : 200, { 'content-type': 'text/plain', 'x-upstream': this.name });
      res.end(this.failing ? 'failing on purpose' : this.name);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.#server = server;
    this.#port = (server.address() as { port: number }).port;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

export interface Tally {
  readonly total: number;
  /** 2xx answers by the upstream's name. */
  readonly byUpstream: Readonly<Record<string, number>>;
  /** Everything that was not a 2xx: status code (or `network`) → count. */
  readonly failures: Readonly<Record<string, number>>;
}

/** The client application: `count` requests, `concurrency` at a time, through its sidecar's :15001 listener. */
export async function sendRequests(pool: Pool, authority: string, count: number, concurrency = 8): Promise<Tally> {
  const byUpstream: Record<string, number> = {};
  const failures: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        const res = await pool.request({ method: 'GET', path: '/', headers: { host: authority } });
        await res.body.text();
        const upstream = res.headers['x-upstream'];
        if (res.statusCode < 300 && typeof upstream === 'string') byUpstream[upstream] = (byUpstream[upstream] ?? 0) + 1;
        else failures[res.statusCode] = (failures[res.statusCode] ?? 0) + 1;
      } catch {
        failures['network'] = (failures['network'] ?? 0) + 1;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { total: count, byUpstream, failures };
}

/** 2xx answers from the upstreams whose locality starts with `prefix` (`region1/zone1`, `region2`). */
export function servedFrom(tally: Tally, upstreams: readonly LocalityUpstream[], prefix: string): number {
  return upstreams.filter((u) => u.locality.startsWith(prefix)).reduce((n, u) => n + (tally.byUpstream[u.name] ?? 0), 0);
}
