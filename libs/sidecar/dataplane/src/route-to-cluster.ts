import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';
import type { Span } from '@opentelemetry/api';
import type { HttpFilterContext } from '@tsmesh/sidecar-filters';
import type { HeaderMutation } from '@tsmesh/sidecar-xds-client';
import { effectiveTimeoutMs, grpcTimeoutMs } from './grpc';
import type { HcmRuntime, StreamEnv } from './http-stream';
import { sendTrailersOnly, type LocalReply } from './local-reply';
import { HOP_BY_HOP_HEADERS } from './hop-headers';
import { mirrorRequest } from './mirror';
import { connectionOf } from './peer-address';
import { ReplayableBody } from './replayable-body';
import { hashForRequest } from './request-hash';
import { retryPolicyOf } from './retry-policies';
import { startStreamTrace } from './tracing';
import { callUpstream } from './upstream-request';

export interface RoutedResult {
  status: number;
  bytesSent: number;
  bytesReceived: number;
  upstreamMs?: number;
  host?: string;
  reply?: LocalReply;
  flags: string[];
  attempts: number;
  grpcStatus?: string;
  span?: Span;
}


export function applyMutation(headers: Record<string, string | string[]>, m: HeaderMutation | undefined): void {
  if (!m) return;
  for (const name of m.remove) delete headers[name];
  for (const a of m.add) {
    const prev = headers[a.key];
    headers[a.key] = a.append && prev !== undefined ? ([] as string[]).concat(prev, a.value) : a.value;
  }
}

function hasBody(req: IncomingMessage): boolean {
  if (req.httpVersionMajor === 2) return !(req as unknown as Http2ServerRequest).stream.endAfterHeaders;
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/**
 * The router's upstream half: the request as the upstream sees it (hop-by-hop headers gone,
 * host rewritten, request id and trace headers, header operations of virtual host, route and
 * weighted cluster), the consistent-hash key, mirrors, and the timeout (route or grpc-timeout).
 */
export async function routeToCluster(hcm: HcmRuntime, env: StreamEnv, ctx: HttpFilterContext, req: IncomingMessage, res: ServerResponse, requestId: string | undefined, grpc: boolean): Promise<RoutedResult> {
  const empty: RoutedResult = { status: 0, bytesSent: 0, bytesReceived: 0, flags: [], attempts: 0 };
  const cluster = ctx.cluster === undefined ? undefined : env.clusters.get(ctx.cluster);
  if (!cluster) return { ...empty, reply: { status: 503, flags: 'NC', body: '', reason: `cluster ${ctx.cluster ?? '(none)'} not found` } };
  const target = ctx.route?.target.kind === 'cluster' ? ctx.route.target : undefined;
  const headers: Record<string, string | string[]> = {};
  for (const name in req.headers) {
    const v = req.headers[name];
    // `host` is rewritten from the authority below; ':' pseudo-headers belong to HTTP/2 framing.
    if (v !== undefined && !HOP_BY_HOP_HEADERS.has(name) && name !== 'host' && name.charCodeAt(0) !== 58) headers[name] = v;
  }
  headers['host'] = ctx.authority;
  headers['x-forwarded-proto'] ??= hcm.scheme;
  const peer = connectionOf(req).remoteAddress;
  if (hcm.useRemoteAddress && peer) {
    const prior = headers['x-forwarded-for'];
    headers['x-forwarded-for'] = prior ? `${String(prior)}, ${peer}` : peer;
    headers['x-envoy-external-address'] = peer;
  }
  if (requestId !== undefined) headers['x-request-id'] = requestId;
  if (grpc) headers['te'] = 'trailers';
  const trace = startStreamTrace(env.tracer, req.headers, hcm.samplingPercent, `${ctx.authority}${ctx.path.split('?')[0] ?? ''}`);
  Object.assign(headers, trace.headers);
  applyMutation(headers, ctx.virtualHost?.requestHeaders);
  applyMutation(headers, ctx.route?.requestHeaders);
  applyMutation(headers, ctx.weightedTarget?.headers);
  const body = hasBody(req) ? new ReplayableBody(req) : undefined;
  const hashed = hashForRequest(target?.hashPolicy ?? [], req);
  const timeoutMs = effectiveTimeoutMs(target?.timeoutMs ?? 15_000, grpc ? target?.maxGrpcTimeoutMs : undefined, grpc ? grpcTimeoutMs(req.headers['grpc-timeout']) : undefined);
  for (const m of target?.mirrors ?? []) mirrorRequest(m, env.clusters.get(m.cluster), ctx.method, ctx.path, headers, body, timeoutMs);
  const outcome = await callUpstream({
    cluster,
    method: ctx.method,
    path: ctx.path,
    headers,
    body,
    retry: retryPolicyOf(target?.retryPolicy),
    timeoutMs,
    hash: hashed.hash,
    originalDestination: destinationOf(ctx.authority),
    downstream: res,
    writeHead: (status, out, upstreamMs, trailersOnly) => {
      out['x-envoy-upstream-service-time'] = String(upstreamMs);
      out['server'] = hcm.serverName;
      if (hashed.setCookie) out['set-cookie'] = ([] as string[]).concat(out['set-cookie'] ?? [], hashed.setCookie);
      if (ctx.responseHeaders) Object.assign(out, ctx.responseHeaders);
      applyMutation(out, ctx.weightedTarget?.responseHeaders);
      applyMutation(out, ctx.route?.responseHeaders);
      applyMutation(out, ctx.virtualHost?.responseHeaders);
      // A draining sidecar closes each HTTP/1.1 connection after its response (Envoy's drain).
      if (env.draining && req.httpVersionMajor === 1) out['connection'] = 'close';
      if (trailersOnly) sendTrailersOnly(res, out);
      else res.writeHead(status, out);
    },
  });
  return {
    status: outcome.status,
    bytesSent: outcome.bytesSent,
    bytesReceived: body?.size ?? 0,
    upstreamMs: outcome.upstreamMs,
    host: outcome.host?.key,
    reply: outcome.reply,
    flags: outcome.flags,
    attempts: outcome.attempts,
    grpcStatus: outcome.grpcStatus,
    span: trace.span,
  };
}

/** `host[:port]` (IPv6 in brackets) → the TCP destination an ORIGINAL_DST cluster connects to. */
export function destinationOf(authority: string): { address: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(authority);
  const host = m?.[1] ?? authority;
  return { address: host.replace(/^\[|\]$/g, ''), port: m?.[2] ? Number(m[2]) : 80 };
}
