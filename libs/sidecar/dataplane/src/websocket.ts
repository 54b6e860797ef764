import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { HttpFilterContext } from '@tsmesh/sidecar-filters';
import { runFilters, type HcmRuntime, type StreamEnv } from './http-stream';
import { accessLogLine } from './request-record';

function rawReply(socket: Socket, status: number, reason: string): void {
  if (!socket.writable) return void socket.destroy();
  socket.end(`HTTP/1.1 ${status} ${status === 404 ? 'Not Found' : status === 403 ? 'Forbidden' : 'Service Unavailable'}\r\nx-tsmesh-reason: ${reason.replace(/[^\x20-\x7e]/g, ' ')}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
}

/** Whether the HCM (and the route, which may override it) allows this upgrade type, as Envoy's upgrade_configs decide. */
function upgradeAllowed(hcm: HcmRuntime, ctx: HttpFilterContext, type: string): boolean {
  const perRoute = ctx.route?.target.kind === 'cluster' ? ctx.route.target.upgrades.get(type) : undefined;
  return perRoute ?? hcm.upgrades.get(type) ?? false;
}

/**
 * An HTTP/1.1 Upgrade (WebSocket) through the HCM: the filter chain and router choose the
 * cluster as for any request, then the sidecar opens a TCP connection to a host, replays the
 * upgrade request, and splices the two sockets. The upstream's 101 (or refusal) goes back as is.
 */
export async function proxyUpgrade(hcm: HcmRuntime, env: StreamEnv, req: IncomingMessage, socket: Socket, head: Buffer, authority: string, path: string): Promise<void> {
  const start = Date.now();
  const type = String(req.headers.upgrade ?? '').toLowerCase();
  const ctx: HttpFilterContext = { method: req.method ?? 'GET', authority: authority.toLowerCase(), path, headers: req.headers };
  let status = 0;
  let flags = '-';
  let reason: string | undefined;
  const upstream: { host?: string } = {};
  let logged = false;
  const log = () => {
    if (logged) return;
    logged = true;
    env.accessLog(
      accessLogLine({
        direction: hcm.direction,
        listener: hcm.listenerName,
        startTime: new Date(start),
        durationMs: Date.now() - start,
        method: ctx.method,
        path: req.url ?? path,
        authority,
        // The HCM's scheme: an upgrade on a TLS-terminating gateway chain is https (wss).
        scheme: hcm.scheme,
        protocol: `HTTP/${req.httpVersion}`,
        status,
        flags,
        reason,
        routeName: ctx.route?.name,
        upstreamCluster: ctx.cluster,
        upstreamHost: upstream.host,
        attempts: upstream.host ? 1 : 0,
        requestBytes: socket.bytesRead,
        responseBytes: socket.bytesWritten,
        sourceAddress: socket.remoteAddress ?? '',
        sourcePort: socket.remotePort ?? 0,
        destinationAddress: socket.localAddress ?? '',
        destinationPort: socket.localPort ?? 0,
        requestHeaders: req.headers,
        responseHeaders: {},
      }),
    );
  };
  const fail = (code: number, f: string, why: string) => {
    status = code;
    flags = f;
    reason = why;
    rawReply(socket, code, why);
    log();
  };
  const refused = await runFilters(hcm.chain, ctx);
  if (refused) return fail(refused.status, refused.flags, refused.reason);
  if (!upgradeAllowed(hcm, ctx, type)) return fail(403, '-', `upgrade to ${type} is not enabled for this route`);
  const cluster = ctx.cluster === undefined ? undefined : env.clusters.get(ctx.cluster);
  if (!cluster) return fail(503, 'NC', `cluster ${ctx.cluster ?? '(none)'} not found`);
  const host = cluster.pick(undefined);
  if ('flags' in host) return fail(503, host.flags, host.reason);
  upstream.host = host.key;
  const conn = connect({ host: host.endpoint.address, port: host.endpoint.port });
  conn.setTimeout(cluster.config.connectTimeoutMs, () => conn.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
  conn.once('connect', () => {
    conn.setTimeout(0);
    const lines = [`${ctx.method} ${ctx.path} HTTP/1.1`, `host: ${ctx.authority}`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] as string;
      if (name.toLowerCase() !== 'host') lines.push(`${name}: ${req.rawHeaders[i + 1] ?? ''}`);
    }
    conn.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) conn.write(head);
    conn.once('data', (first: Buffer) => {
      status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(first.subarray(0, 16).toString('latin1'))?.[1] ?? 0);
    });
    conn.pipe(socket);
    socket.pipe(conn);
  });
  conn.once('error', (err: NodeJS.ErrnoException) => {
    if (status === 0 && !socket.destroyed) return fail(503, 'UF', `upstream connect failure: ${err.code ?? err.message}`);
    socket.destroy();
  });
  socket.once('error', () => conn.destroy());
  socket.once('close', () => {
    conn.destroy();
    if (status !== 0) log();
  });
  conn.once('close', () => socket.end());
}
