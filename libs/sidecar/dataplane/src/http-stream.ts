import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Tracer } from '@opentelemetry/api';
import type { FilterStatus, HttpFilterContext, HttpFilterFactory } from '@tsmesh/sidecar-filters';
import { isGrpc } from './grpc';
import { connectionOf } from './peer-address';
import { sendLocalReply, upstreamFailure, type LocalReply } from './local-reply';
import { routeToCluster, type RoutedResult } from './route-to-cluster';
import { accessLogLine, type RequestRecord } from './request-record';
import type { UpstreamCluster } from './upstream-cluster';

/** One HTTP connection manager, built at apply time: filter chain and counters. */
export interface HcmRuntime {
  /** `<listener>#<chain index>`: identifies the HCM across config applies. */
  readonly key: string;
  readonly statPrefix: string;
  readonly listenerName: string;
  readonly direction: 'inbound' | 'outbound';
  readonly chain: readonly HttpFilterFactory[];
  readonly generateRequestId: boolean;
  readonly samplingPercent?: number;
  readonly serverName: string;
  /** upgrade_configs: upgrade type (lower case) → enabled; routes may override. */
  readonly upgrades: ReadonlyMap<string, boolean>;
  /** use_remote_address: the sidecar is the edge (gateways), so it appends the peer to x-forwarded-for. */
  readonly useRemoteAddress: boolean;
  /** `https` on TLS-terminating chains. */
  readonly scheme: 'http' | 'https';
  readonly stats: { rqTotal: number; rq2xx: number; rq4xx: number; rq5xx: number };
}

export interface StreamEnv {
  readonly clusters: ReadonlyMap<string, UpstreamCluster>;
  readonly tracer: Tracer;
  readonly accessLog: (line: string) => void;
  readonly inFlight: Set<ServerResponse>;
  /** Downstream connections across all listeners, against the sidecar's limit. */
  readonly connections: { active: number; max: number; overflow: number };
  /** Set once the listeners drain: HTTP/1.1 responses then close their connection. */
  draining: boolean;
  /** Called once per finished request (Mixer reports); absent = no record is built beyond the log. */
  readonly onComplete?: (record: RequestRecord) => void;
}

/** Runs the HCM's decoder filters in order; the first local reply ends the chain. */
export async function runFilters(chain: readonly HttpFilterFactory[], ctx: HttpFilterContext): Promise<LocalReply | undefined> {
  for (const factory of chain) {
    let result: FilterStatus | Promise<FilterStatus> = factory.create().decodeHeaders(ctx);
    if (result instanceof Promise) result = await result;
    if (result !== 'continue') return result;
  }
  return undefined;
}

/**
 * Runs one request through the HCM: filters in order, then the router's cluster with retries,
 * timeouts and circuit breakers. Never throws: every failure ends as a local reply with its
 * response flag, and every request ends with one access-log line (and a record for Mixer).
 */
export async function handleStream(hcm: HcmRuntime, env: StreamEnv, req: IncomingMessage, res: ServerResponse, authority: string, path: string): Promise<void> {
  const start = Date.now();
  hcm.stats.rqTotal++;
  env.inFlight.add(res);
  let requestId = req.headers['x-request-id'];
  if (typeof requestId !== 'string') requestId = hcm.generateRequestId ? randomUUID() : undefined;
  const ctx: HttpFilterContext = { method: req.method ?? 'GET', authority: authority.toLowerCase(), path, headers: req.headers };
  const grpc = isGrpc(req.headers);
  let reply: LocalReply | undefined;
  let routed: RoutedResult | undefined;
  try {
    reply = await runFilters(hcm.chain, ctx);
    if (!reply) {
      routed = await routeToCluster(hcm, env, ctx, req, res, requestId, grpc);
      reply = routed.reply;
    }
  } catch (err) {
    reply = upstreamFailure(err, res.destroyed);
  }
  let status = routed?.status ?? 0;
  let bytesSent = routed?.bytesSent ?? 0;
  const flags = [...(ctx.flags ?? []), ...(routed?.flags ?? [])];
  if (reply) {
    if (env.draining && req.httpVersionMajor === 1 && !res.headersSent) res.setHeader('connection', 'close');
    status = reply.status;
    flags.push(reply.flags);
    bytesSent = sendLocalReply(res, reply, grpc, ctx.responseHeaders);
  }
  routed?.span?.setAttribute('http.status_code', status);
  routed?.span?.end();
  env.inFlight.delete(res);
  const code = grpc && reply ? 200 : status;
  if (code >= 500) hcm.stats.rq5xx++;
  else if (code >= 400) hcm.stats.rq4xx++;
  else if (code >= 200 && code < 300) hcm.stats.rq2xx++;
  const conn = connectionOf(req);
  const record: RequestRecord = {
    direction: hcm.direction,
    listener: hcm.listenerName,
    startTime: new Date(start),
    durationMs: Date.now() - start,
    method: ctx.method,
    path: req.url ?? path,
    authority,
    scheme: hcm.scheme,
    // Envoy's %PROTOCOL%: HTTP/1.1 or HTTP/2 (Node's httpVersion says 2.0).
    protocol: req.httpVersion === '2.0' ? 'HTTP/2' : `HTTP/${req.httpVersion}`,
    requestId,
    status: code,
    flags: flags.filter((f) => f !== '-').join(',') || '-',
    reason: reply?.reason,
    routeName: ctx.route?.name,
    upstreamCluster: ctx.cluster,
    upstreamHost: routed?.host,
    upstreamMs: routed?.upstreamMs,
    attempts: routed?.attempts ?? 0,
    requestBytes: routed?.bytesReceived ?? Number(req.headers['content-length'] ?? 0),
    responseBytes: bytesSent,
    sourceAddress: conn.remoteAddress ?? '',
    sourcePort: conn.remotePort ?? 0,
    destinationAddress: conn.localAddress ?? '',
    destinationPort: conn.localPort ?? 0,
    requestHeaders: req.headers,
    // Only Mixer reports read the response headers: copy them only when someone listens.
    responseHeaders: env.onComplete ? res.getHeaders() : {},
    grpcStatus: reply && grpc ? String(res.getHeader('grpc-status') ?? '') : routed?.grpcStatus,
  };
  env.accessLog(accessLogLine(record));
  env.onComplete?.(record);
}
