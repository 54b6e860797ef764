// The "internet" of the egress gateway e2e: a plain node:http server outside the mesh, which
// records what reached it; and what the test reads from the proxies' own access logs.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import type { HarnessProcess } from '@tsmesh/shared-testing';

export interface SeenRequest {
  readonly path: string;
  readonly host: string;
  /** Set by a proxy that is the edge (use_remote_address: gateways), never by a sidecar. */
  readonly externalAddress?: string;
  readonly forwardedFor?: string;
  /** The connection it came on: the client end (who called) and the server end, each ip:port. */
  readonly remote: string;
  readonly local: string;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

export class ExternalServer {
  readonly seen: SeenRequest[] = [];
  #server: Server | undefined;

  constructor(readonly host: string) {}

  get port(): number {
    return (this.#server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Listens on an ephemeral port of `host`, answering every request 200 `edition`. */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      this.seen.push({
        path: req.url ?? '',
        host: header(req, 'host') ?? '',
        externalAddress: header(req, 'x-envoy-external-address'),
        forwardedFor: header(req, 'x-forwarded-for'),
        remote: `${req.socket.remoteAddress ?? ''}:${req.socket.remotePort ?? 0}`,
        local: `${req.socket.localAddress ?? ''}:${req.socket.localPort ?? 0}`,
      });
      req.resume();
      res.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'edition' });
      res.end('edition');
    });
    this.#server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, this.host, () => resolve());
    });
  }

  async stop(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  request(path: string): SeenRequest | undefined {
    return this.seen.find((r) => r.path === path);
  }
}

/** The client app's call: to its sidecar's virtual listener (:15001), Host naming the external host. */
export async function callThroughSidecar(sidecarIp: string, host: string, path: string): Promise<{ status: number; servedBy: string | undefined }> {
  const res = await request(`http://${sidecarIp}:15001${path}`, { headers: { host }, headersTimeout: 10_000, bodyTimeout: 10_000 });
  await res.body.text();
  const servedBy = res.headers['x-served-by'];
  return { status: res.statusCode, servedBy: typeof servedBy === 'string' ? servedBy : undefined };
}

export interface ProxyLogEntry {
  readonly path: string;
  readonly protocol: string;
  readonly authority: string;
  readonly response_code: number;
  readonly upstream_cluster: string | null;
  readonly upstream_host: string | null;
}

/** The access-log lines (JSON, Istio 1.2's fields) a proxy printed on stdout, in order. */
export function proxyAccessLog(proxy: HarnessProcess): ProxyLogEntry[] {
  const entries: ProxyLogEntry[] = [];
  for (const line of proxy.output().split('\n')) {
    if (!line.startsWith('{"start_time"')) continue;
    try {
      entries.push(JSON.parse(line) as ProxyLogEntry);
    } catch {
      // A line cut by the pipe's chunking: complete on the next read.
    }
  }
  return entries;
}
