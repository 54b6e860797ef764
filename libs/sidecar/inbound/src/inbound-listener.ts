import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { BindError, describeError } from '@tsmesh/shared-errors';
import { Pool } from 'undici';
import { forwardableHeaders, responseHeaders } from './hop-headers';
import { flatHeaders, type RequestInfo } from './request-info';
import { localReplyFor } from './local-reply';

export interface InboundListenerOptions {
  /** The pod address this listener binds (the address Endpoints carry). */
  readonly host: string;
  readonly port: number;
  /** Where the application listens inside the pod. */
  readonly appHost: string;
  readonly appPort: number;
  readonly connectTimeoutMs?: number;
  readonly onRequestComplete: (info: RequestInfo) => void;
}

export interface InboundListener {
  readonly port: number;
  close(): Promise<void>;
}

const MAX_HEADER_BYTES = 60 * 1024; // Envoy's default max_request_headers_kb is 60

/**
 * The inbound HTTP listener: terminates downstream HTTP/1.1, forwards to the local app over a
 * pooled connection, and reports every request. Never throws on the request path: upstream
 * failures become local replies carrying Envoy response flags.
 */
export async function startInboundListener(options: InboundListenerOptions): Promise<InboundListener> {
  const pool = new Pool(`http://${options.appHost}:${options.appPort}`, { connections: 1024, connectTimeout: options.connectTimeoutMs ?? 1000 });
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    forward(req, res, pool, options).catch(() => undefined);
  });
  server.on('clientError', (_err, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new BindError(`inbound listener cannot bind ${options.host}:${options.port}: ${describeError(err)}`, { cause: err })));
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.close();
    },
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, pool: Pool, options: InboundListenerOptions): Promise<void> {
  const startTime = new Date();
  const started = performance.now();
  const requestId = String(req.headers['x-request-id'] ?? randomUUID());
  let downstreamClosed = false;
  res.on('close', () => {
    if (!res.writableFinished) downstreamClosed = true;
  });
  let requestBytes = 0;
  let responseBytes = 0;
  async function* countedBody(): AsyncGenerator<Buffer> {
    for await (const chunk of req) {
      requestBytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const headers = { ...forwardableHeaders(req.headers), 'x-request-id': requestId, 'x-forwarded-proto': 'http' };
  let status = 0;
  let responseFlags = '-';
  let detail: string | undefined;
  let upstreamHeaders: Record<string, string> = {};
  try {
    const upstream = await pool.request({
      path: req.url ?? '/',
      method: req.method as 'GET',
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Readable.from(countedBody()),
    });
    status = upstream.statusCode;
    upstreamHeaders = flatHeaders(upstream.headers);
    res.writeHead(status, responseHeaders(upstream.headers));
    for await (const chunk of upstream.body) {
      responseBytes += (chunk as Buffer).length;
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  } catch (err) {
    const reply = localReplyFor(err, downstreamClosed);
    responseFlags = reply.flags;
    detail = reply.detail;
    status = reply.status;
    if (!res.headersSent) {
      const body = `${reply.body}\n`;
      responseBytes = Buffer.byteLength(body);
      res.writeHead(status, { 'content-type': 'text/plain', 'content-length': responseBytes });
      res.end(body);
    } else {
      res.destroy();
    }
  }
  options.onRequestComplete({
    requestId,
    method: req.method ?? 'GET',
    path: req.url ?? '/',
    host: String(req.headers.host ?? ''),
    scheme: 'http',
    protocol: `HTTP/${req.httpVersion}`,
    userAgent: req.headers['user-agent'],
    sourceAddress: req.socket.remoteAddress ?? '',
    sourcePort: req.socket.remotePort ?? 0,
    destinationAddress: req.socket.localAddress ?? options.host,
    destinationPort: req.socket.localPort ?? options.port,
    startTime,
    durationMs: performance.now() - started,
    status,
    requestBytes,
    responseBytes,
    requestHeaders: flatHeaders(req.headers),
    responseHeaders: upstreamHeaders,
    responseFlags,
    detail,
  });
}
