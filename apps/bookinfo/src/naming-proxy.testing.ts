// For the specs: a plain explicit HTTP proxy that plays the mesh's role of turning a service name
// (http://reviews:9080/...) into an address, and records what each call carried.
import { createServer, type IncomingHttpHeaders, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  readonly host: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
}

export class NamingProxy {
  /** Service name → local port; a name missing here answers 503, as a mesh with no endpoint would. */
  readonly routes = new Map<string, number>();
  readonly calls: ProxiedCall[] = [];
  readonly #server: Server;

  constructor() {
    this.#server = createServer((req, res) => {
      const target = new URL(req.url ?? '/', 'http://invalid');
      const port = this.routes.get(target.hostname);
      this.calls.push({ host: target.hostname, path: target.pathname, headers: req.headers });
      if (!req.url?.startsWith('http://') || port === undefined) {
        res.writeHead(503).end(`no route to ${target.hostname}`);
        return;
      }
      const upstream = request({ host: '127.0.0.1', port, method: req.method, path: target.pathname + target.search, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', () => res.writeHead(502).end());
      req.pipe(upstream);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
