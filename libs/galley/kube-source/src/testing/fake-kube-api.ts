import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
type KubeObject = { metadata: { name: string; namespace?: string; resourceVersion?: string } } & Record<string, unknown>;

interface Resource {
  readonly listKind: string;
  readonly objects: Map<string, KubeObject>;
  /** Every change, so a watch from an older resourceVersion replays what it missed. */
  readonly history: Array<{ rv: number; line: string }>;
  readonly watches: Set<ServerResponse>;
}

/**
 * A Kubernetes API server speaking just the list/watch protocol over real HTTP: lists carry
 * metadata.resourceVersion, watches stream chunked JSON lines, replay history after the
 * requested resourceVersion, send bookmarks when asked, and answer 410 for compacted versions.
 * Lists page with `limit` + `continue` from a snapshot taken at the first page; expired
 * continue tokens answer 410. With `tls` it serves HTTPS and asks for client certificates.
 */
export class FakeKubeApi {
  readonly requests: Array<{ path: string; query: URLSearchParams; authorization: string | undefined; clientCertCn?: string }> = [];
  /** `ERROR`: an open watch gets a 410 ERROR event; `HTTP`: the watch request gets HTTP 410. */
  goneStyle: 'ERROR' | 'HTTP' = 'HTTP';
  #resources = new Map<string, Resource>();
  #rv = 100;
  #compactedThrough = 0;
  #server: Server | undefined;
  #port = 0;
  /** Continue token -> the rest of the list snapshot it pages through. */
  #pages = new Map<string, { rv: number; rest: KubeObject[] }>();
  #nextToken = 0;
  /** Runs after each list page is answered, e.g. to expire tokens between two pages. */
  afterListPage: (() => void) | undefined;

  constructor(private readonly tls?: { key: string; cert: string; ca: string }) {}

  get url(): string {
    return `${this.tls ? 'https' : 'http'}://127.0.0.1:${this.#port}`;
  }

  /** Forgets every continue token handed out, as etcd compaction does: their next page is 410 Gone. */
  expireContinueTokens(): void {
    this.#pages.clear();
  }

  /** Serves a resource type at `path` (e.g. `/api/v1/services`); paths never served answer 404. */
  serve(path: string, listKind: string): this {
    this.#resources.set(path, { listKind, objects: new Map(), history: [], watches: new Set() });
    return this;
  }

  async start(): Promise<void> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => this.#handle(req, res);
    const server: Server = this.tls
      ? createHttpsServer({ ...this.tls, requestCert: true, rejectUnauthorized: true }, handler)
      : createServer(handler);
    await new Promise<void>((resolve) => server.listen(this.#port, '127.0.0.1', resolve));
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
  }

  /** Stops answering and drops every connection, like an API server going down. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    for (const r of this.#resources.values()) r.watches.clear();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /**
   * Changes an object and streams the event to open watches; `split` sends each line in two
   * HTTP chunks, `silent` only records it (as if no watch was connected at the time).
   */
  async change(path: string, type: EventType, object: KubeObject, opts: { split?: boolean; silent?: boolean } = {}): Promise<void> {
    const resource = this.#resource(path);
    const rv = ++this.#rv;
    const stored = { ...object, metadata: { ...object.metadata, resourceVersion: String(rv) } };
    const key = `${stored.metadata.namespace ?? ''}/${stored.metadata.name}`;
    if (type === 'DELETED') resource.objects.delete(key);
    else resource.objects.set(key, stored);
    const line = JSON.stringify({ type, object: stored }) + '\n';
    resource.history.push({ rv, line });
    if (!opts.silent) for (const res of resource.watches) await writeLine(res, line, opts.split ?? false);
  }

  bookmark(path: string, resourceVersion: string): void {
    const line = JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion } } }) + '\n';
    for (const res of this.#resource(path).watches) res.write(line);
  }

  /** Forgets history: watches from any version seen so far get 410 Gone. */
  compact(): void {
    this.#compactedThrough = this.#rv;
    for (const r of this.#resources.values()) {
      r.history.length = 0;
      if (this.goneStyle === 'ERROR') for (const res of r.watches) res.end(goneEvent());
    }
  }

  /** Ends the open watches, as the API server does when a watch's timeout passes. */
  endWatches(): void {
    for (const r of this.#resources.values()) for (const res of r.watches) res.end();
  }

  watchRequests(path: string): URLSearchParams[] {
    return this.requests.filter((r) => r.path === path && r.query.get('watch') === 'true').map((r) => r.query);
  }

  listRequests(path: string): number {
    return this.requests.filter((r) => r.path === path && r.query.get('watch') !== 'true').length;
  }

  #resource(path: string): Resource {
    const resource = this.#resources.get(path);
    if (!resource) throw new Error(`not served: ${path}`);
    return resource;
  }

  #handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const subjectCn: unknown = this.tls ? (req.socket as TLSSocket).getPeerCertificate().subject?.CN : undefined;
    const cn = typeof subjectCn === 'string' ? subjectCn : undefined;
    this.requests.push({ path: url.pathname, query: url.searchParams, authorization: req.headers.authorization, ...(cn !== undefined && { clientCertCn: cn }) });
    const resource = this.#resources.get(url.pathname);
    if (!resource) return sendStatus(res, 404, 'NotFound', `the server could not find the requested resource`);
    if (url.searchParams.get('watch') !== 'true') return this.#list(resource, url.searchParams, res);
    const from = Number(url.searchParams.get('resourceVersion') ?? this.#rv);
    if (from < this.#compactedThrough) {
      if (this.goneStyle === 'HTTP') return sendStatus(res, 410, 'Expired', `too old resource version: ${from}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end(goneEvent());
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    for (const event of resource.history) if (event.rv > from) res.write(event.line);
    resource.watches.add(res);
    res.on('close', () => resource.watches.delete(res));
  }

  #list(resource: Resource, query: URLSearchParams, res: ServerResponse): void {
    const token = query.get('continue');
    let page: { rv: number; rest: KubeObject[] };
    if (token) {
      const found = this.#pages.get(token);
      if (!found) return sendStatus(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
      this.#pages.delete(token);
      page = found;
    } else {
      page = { rv: this.#rv, rest: [...resource.objects.values()] };
    }
    const limit = Number(query.get('limit') ?? 0);
    const items = limit > 0 ? page.rest.slice(0, limit) : page.rest;
    const metadata: Record<string, string> = { resourceVersion: String(page.rv) };
    if (items.length < page.rest.length) {
      const next = `page-${++this.#nextToken}`;
      this.#pages.set(next, { rv: page.rv, rest: page.rest.slice(items.length) });
      metadata['continue'] = next;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: resource.listKind, metadata, items }));
    this.afterListPage?.();
  }
}

function goneEvent(): string {
  return JSON.stringify({ type: 'ERROR', object: { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version' } }) + '\n';
}

function sendStatus(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code, message }));
}

async function writeLine(res: ServerResponse, line: string, split: boolean): Promise<void> {
  if (!split) return void res.write(line);
  const cut = Math.floor(line.length / 2);
  res.write(line.slice(0, cut));
  // A pause makes the halves travel as separate HTTP chunks.
  await new Promise((resolve) => setTimeout(resolve, 20));
  res.write(line.slice(cut));
}
