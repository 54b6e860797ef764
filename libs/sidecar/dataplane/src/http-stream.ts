import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tracer } from '@opentelemetry/api';
import type { HttpFilterContext, HttpFilterFactory } from '@tsmesh/sidecar-filters';
import type { HeaderMutation } from '@tsmesh/sidecar-xds-client';
import { sendLocalReply, upstreamFailure, type LocalReply } from './local-reply';
import type { UpstreamCluster, UpstreamHost } from './upstream-cluster';

/** One HTTP connection manager, built at apply time: filter chain and counters. */
export interface HcmRuntime {
  readonly statPrefix: string;
  readonly listenerName: string;
  readonly chain: readonly HttpFilterFactory[];
  readonly generateRequestId: boolean;
  readonly samplingPercent?: number;
  readonly stats: { rqTotal: number; cxActive: number };
}

export interface StreamEnv {
  readonly clusters: ReadonlyMap<string, UpstreamCluster>;
  readonly tracer: Tracer;
  readonly accessLog: (line: string) => void;
  readonly inFlight: Set<ServerResponse>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization', 'host']);

function applyMutation(headers: Record<string, string | string[]>, m: HeaderMutation | undefined): void {
  if (!m) return;
  for (const name of m.remove) delete headers[name];
  for (const a of m.add) {
    const prev = headers[a.key];
    headers[a.key] = a.append && prev !== undefined ? ([] as string[]).concat(prev, a.value) : a.value;
  }
}

/**
 * Runs one request through the HCM: filters in order, then the router's cluster. Never throws:
 * every failure ends as a local reply with its response flag, and one access-log line.
 */
export async function handleStream(hcm: HcmRuntime, env: StreamEnv, req: IncomingMessage, res: ServerResponse, authority: string, path: string): Promise<void> {
  const start = Date.now();
  hcm.stats.rqTotal++;
  env.inFlight.add(res);
  let requestId = req.headers['x-request-id'];
  if (typeof requestId !== 'string' && hcm.generateRequestId) requestId = randomUUID();
  const ctx: HttpFilterContext = { method: req.method ?? 'GET', authority: authority.toLowerCase(), path, headers: req.headers };
  let status = 0;
  let flags = '-';
  let bytesSent = 0;
  let bytesReceived = 0;
  let upstreamMs: number | undefined;
  let host: UpstreamHost | undefined;
  let reply: LocalReply | undefined;
  const sampled = req.headers['x-b3-sampled'] === '1' || (req.headers['x-b3-sampled'] === undefined && hcm.samplingPercent !== undefined && Math.random() * 100 < hcm.samplingPercent);
  const span = sampled ? env.tracer.startSpan(`${ctx.method} ${authority}${path.split('?')[0] ?? ''}`) : undefined;
  try {
    for (const factory of hcm.chain) {
      const result = await factory.create().decodeHeaders(ctx);
      if (result !== 'continue') {
        reply = result;
        break;
      }
    }
    const cluster = ctx.cluster === undefined ? undefined : env.clusters.get(ctx.cluster);
    if (!reply && !cluster) reply = { status: 503, flags: 'NC', body: '', reason: `cluster ${ctx.cluster ?? '(none)'} not found` };
    if (!reply && cluster) {
      const picked = cluster.pick();
      if ('flags' in picked) reply = { status: 503, flags: picked.flags, body: '', reason: picked.reason };
      else {
        host = picked;
        const result = await forward(ctx, cluster, picked, req, res, requestId);
        status = result.status;
        bytesSent = result.bytesSent;
        upstreamMs = result.upstreamMs;
        reply = result.reply;
      }
    }
    bytesReceived = Number(req.headers['content-length'] ?? 0);
  } catch (err) {
    reply = upstreamFailure(err, res.destroyed);
  }
  if (reply) {
    status = reply.status;
    flags = reply.flags;
    bytesSent = sendLocalReply(res, reply);
  }
  span?.setAttribute('http.status_code', status);
  span?.end();
  env.inFlight.delete(res);
  env.accessLog(
    JSON.stringify({
      start_time: new Date(start).toISOString(),
      method: ctx.method,
      path: req.url,
      protocol: `HTTP/${req.httpVersion}`,
      response_code: status,
      response_flags: flags,
      bytes_received: bytesReceived,
      bytes_sent: bytesSent,
      duration: Date.now() - start,
      upstream_service_time: upstreamMs ?? null,
      x_forwarded_for: req.headers['x-forwarded-for'] ?? null,
      user_agent: req.headers['user-agent'] ?? null,
      request_id: requestId ?? null,
      authority,
      upstream_host: host?.key ?? null,
      upstream_cluster: ctx.cluster ?? null,
      upstream_local_address: null,
      downstream_local_address: `${req.socket.localAddress}:${req.socket.localPort}`,
      downstream_remote_address: `${req.socket.remoteAddress}:${req.socket.remotePort}`,
      route_name: ctx.route?.name ?? null,
      reason: reply?.reason ?? undefined,
    }),
  );
}

interface ForwardResult {
  status: number;
  bytesSent: number;
  upstreamMs?: number;
  reply?: LocalReply;
}

async function forward(ctx: HttpFilterContext, cluster: UpstreamCluster, host: UpstreamHost, req: IncomingMessage, res: ServerResponse, requestId: string | string[] | undefined): Promise<ForwardResult> {
  const headers: Record<string, string | string[]> = {};
  for (const name in req.headers) {
    const v = req.headers[name];
    if (v !== undefined && !HOP_BY_HOP.has(name) && name.charCodeAt(0) !== 58 /* ':' pseudo-headers */) headers[name] = v;
  }
  headers['host'] = ctx.authority;
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  if (headers['x-b3-traceid'] === undefined && headers['traceparent'] === undefined) {
    const trace = randomBytes(16).toString('hex');
    headers['x-b3-traceid'] = trace;
    headers['x-b3-spanid'] = trace.slice(0, 16);
  }
  applyMutation(headers, ctx.virtualHost?.requestHeaders);
  applyMutation(headers, ctx.route?.requestHeaders);
  const target = ctx.route?.target;
  const timeoutMs = target?.kind === 'cluster' ? target.timeoutMs : 15_000;
  const abort = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => abort.abort(Object.assign(new Error(`route timeout ${timeoutMs}ms`), { code: 'UT' })), timeoutMs) : undefined;
  const began = Date.now();
  cluster.active++;
  cluster.rqTotal++;
  host.active++;
  host.rqTotal++;
  try {
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    const up = await host.pool.request({ path: ctx.path, method: ctx.method as 'GET', headers, body: hasBody ? req : undefined, signal: abort.signal });
    const upstreamMs = Date.now() - began;
    if (up.statusCode >= 500) {
      cluster.rq5xx++;
      host.rq5xx++;
    }
    const out: Record<string, string | string[]> = {};
    for (const name in up.headers) {
      const v = up.headers[name];
      if (v !== undefined && !HOP_BY_HOP.has(name)) out[name] = v;
    }
    out['x-envoy-upstream-service-time'] = String(upstreamMs);
    applyMutation(out, ctx.route?.responseHeaders);
    applyMutation(out, ctx.virtualHost?.responseHeaders);
    res.writeHead(up.statusCode, out);
    let bytesSent = 0;
    for await (const chunk of up.body) {
      bytesSent += (chunk as Buffer).length;
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
    return { status: up.statusCode, bytesSent, upstreamMs };
  } catch (err) {
    const reason = abort.signal.aborted ? abort.signal.reason : err;
    return { status: 0, bytesSent: 0, reply: upstreamFailure(reason, res.destroyed && !res.writableFinished) };
  } finally {
    if (timer) clearTimeout(timer);
    cluster.active--;
    host.active--;
  }
}
