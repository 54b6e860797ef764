import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AttemptOutcome, type HostResult, RetryState, type RetryPolicy } from '@tsmesh/sidecar-resilience';
import type { Dispatcher } from 'undici';
import { upstreamFailure, type LocalReply } from './local-reply';
import type { ReplayableBody } from './replayable-body';
import type { UpstreamCluster, UpstreamHost } from './upstream-cluster';

/** What one routed request needs to reach its cluster. */
export interface UpstreamCall {
  readonly cluster: UpstreamCluster;
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: ReplayableBody | undefined;
  readonly retry: RetryPolicy | undefined;
  /** The route (or grpc-timeout) deadline for the whole exchange; 0 = none. */
  readonly timeoutMs: number;
  readonly hash: number | undefined;
  /** Where the request was going (the authority): the host for ORIGINAL_DST clusters. */
  readonly originalDestination?: { readonly address: string; readonly port: number };
  readonly downstream: ServerResponse;
  readonly request: IncomingMessage;
  /** Writes the response head (hop-by-hop headers already gone); `trailersOnly` ends the gRPC stream with it. */
  readonly writeHead: (status: number, headers: Record<string, string | string[]>, upstreamMs: number, trailersOnly: boolean) => void;
}

export interface UpstreamOutcome {
  status: number;
  bytesSent: number;
  upstreamMs?: number;
  host?: UpstreamHost;
  reply?: LocalReply;
  /** Extra response flags: URX when retries ran out on a retriable result. */
  flags: string[];
  attempts: number;
  grpcStatus?: string;
}

type AbortReason = 'per-try' | 'global' | 'downstream';

function outcomeOf(err: unknown, reason: AbortReason | undefined): AttemptOutcome {
  if (reason === 'per-try') return { kind: 'per-try-timeout' };
  const code = (err as { code?: string } | undefined)?.code ?? '';
  if (code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') return { kind: 'connect-failure' };
  if (code === 'ERR_HTTP2_STREAM_ERROR' || code === 'UND_ERR_REQ_RETRY') return { kind: 'refused-stream' };
  return { kind: 'reset' };
}

function hostResult(o: AttemptOutcome): HostResult {
  if (o.kind === 'response') return { kind: 'response', status: o.status };
  if (o.kind === 'connect-failure') return { kind: 'connect-failure' };
  if (o.kind === 'per-try-timeout') return { kind: 'timeout' };
  return { kind: 'reset' };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);

/**
 * Envoy's router upstream request: picks a host (ring hash, previous-hosts predicate), takes a
 * circuit-breaker slot (UO on overflow), runs each attempt under the per-try and route
 * timeouts, retries what the policy allows with jittered back-off and the cluster's retry
 * budget, feeds outlier detection, then streams the chosen response back with its trailers.
 * Never throws: every failure is returned as a local reply with its flag.
 */
export async function callUpstream(call: UpstreamCall): Promise<UpstreamOutcome> {
  const { cluster, retry } = call;
  const state = retry ? new RetryState(retry, cluster.breaker) : undefined;
  const deadline = call.timeoutMs > 0 ? Date.now() + call.timeoutMs : Infinity;
  const result: UpstreamOutcome = { status: 0, bytesSent: 0, flags: [], attempts: 0 };
  let downstreamGone = false;
  let current: AbortController | undefined;
  const onClose = () => {
    if (!call.downstream.writableFinished) {
      downstreamGone = true;
      current?.abort('downstream');
    }
  };
  call.downstream.once('close', onClose);
  try {
    for (;;) {
      const dst = call.originalDestination;
      const picked = cluster.config.type === 'ORIGINAL_DST' && dst ? cluster.pickOriginal(dst.address, dst.port) : cluster.pick(call.hash, state ? (h) => state.avoids(h.key) : undefined);
      if ('flags' in picked) return { ...result, reply: { status: 503, flags: picked.flags, body: '', reason: picked.reason } };
      let admission = cluster.admit();
      if (admission instanceof Promise) admission = await admission;
      if ('flags' in admission) return { ...result, reply: { status: 503, flags: admission.flags, body: '', reason: admission.reason } };
      const release = admission;
      const host = picked;
      state?.recordHost(host.key);
      result.host = host;
      result.attempts++;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        release();
        cluster.rqTimeout++;
        return { ...result, reply: { status: 504, flags: 'UT', body: 'upstream request timeout', reason: `route timeout ${call.timeoutMs}ms` } };
      }
      const abort = new AbortController();
      current = abort;
      const perTry = retry && retry.perTryTimeoutMs > 0 ? retry.perTryTimeoutMs : Infinity;
      const limit = Math.min(perTry, remaining);
      const timer = Number.isFinite(limit) ? setTimeout(() => abort.abort(limit === perTry && perTry < remaining ? 'per-try' : 'global'), limit) : undefined;
      const began = Date.now();
      host.active++;
      host.rqTotal++;
      cluster.rqTotal++;
      let outcome: AttemptOutcome;
      let response: Dispatcher.ResponseData | undefined;
      try {
        response = await host.pool.request({ path: call.path, method: call.method as Dispatcher.HttpMethod, headers: call.headers, body: call.body?.stream() as unknown as Readable | undefined, signal: abort.signal });
        const grpcStatus = response.headers['grpc-status'];
        outcome = { kind: 'response', status: response.statusCode, grpcStatus: typeof grpcStatus === 'string' ? Number(grpcStatus) : undefined };
      } catch (err) {
        outcome = outcomeOf(err, abort.signal.aborted ? (abort.signal.reason as AbortReason) : undefined);
        if (abort.signal.reason === 'downstream' || downstreamGone) {
          clearTimeout(timer);
          host.active--;
          release();
          return { ...result, reply: { status: 499, flags: 'DC', body: '', reason: 'downstream closed before the response' } };
        }
        if (abort.signal.reason === 'global') {
          clearTimeout(timer);
          host.active--;
          release();
          cluster.record(host, { kind: 'timeout' });
          cluster.rqTimeout++;
          return { ...result, reply: { status: 504, flags: 'UT', body: 'upstream request timeout', reason: `route timeout ${call.timeoutMs}ms` } };
        }
      }
      // A gRPC answer's real status comes in its trailers: outlier detection hears it after the body.
      const grpcPending = outcome.kind === 'response' && outcome.status === 200 && outcome.grpcStatus === undefined && isGrpcResponse(response);
      if (!grpcPending) cluster.record(host, hostResult(outcome));
      if (state) {
        const next = state.next(outcome, call.body === undefined || call.body.replayable);
        if (next.retry) {
          clearTimeout(timer);
          host.active--;
          release();
          cluster.rqRetry++;
          response?.body.dump().catch(() => undefined);
          const wait = Math.min(next.backoffMs, Math.max(0, deadline - Date.now()));
          if (wait > 0) await sleep(wait);
          continue;
        }
        if (next.reason === 'exhausted' || next.reason === 'overflow') result.flags.push('URX');
      }
      try {
        if (!response) return { ...result, reply: upstreamFailure(outcome.kind === 'per-try-timeout' ? Object.assign(new Error(`per-try timeout ${perTry}ms`), { code: 'UT' }) : { code: outcome.kind === 'connect-failure' ? 'ECONNREFUSED' : 'ECONNRESET', message: `upstream ${outcome.kind}` }, false) };
        const relayed = await relayResponse(call, response, began, abort, result);
        if (grpcPending) cluster.record(host, { kind: 'response', status: httpStatusOfGrpc(relayed.grpcStatus) });
        return relayed;
      } finally {
        clearTimeout(timer);
        host.active--;
        release();
        state?.release();
      }
    }
  } finally {
    call.downstream.off('close', onClose);
  }
}

async function relayResponse(call: UpstreamCall, up: Dispatcher.ResponseData, began: number, abort: AbortController, result: UpstreamOutcome): Promise<UpstreamOutcome> {
  const upstreamMs = Date.now() - began;
  const out: Record<string, string | string[]> = {};
  for (const name in up.headers) {
    const v = up.headers[name];
    if (v !== undefined && !HOP_BY_HOP.has(name)) out[name] = v;
  }
  const grpc = up.headers['grpc-status'];
  const res = call.downstream;
  if (typeof grpc === 'string' && up.statusCode === 200) {
    // Trailers-only gRPC answer (status in the headers, no body): relay it in the same form.
    await up.body.dump().catch(() => undefined);
    call.writeHead(up.statusCode, out, upstreamMs, true);
    return { ...result, status: up.statusCode, bytesSent: 0, upstreamMs, grpcStatus: grpc };
  }
  call.writeHead(up.statusCode, out, upstreamMs, false);
  let bytesSent = 0;
  try {
    for await (const chunk of up.body) {
      bytesSent += (chunk as Buffer).length;
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
  } catch {
    // Headers are out: Envoy resets the downstream stream (UT if the route timeout fired mid-body).
    res.destroy();
    const flags = abort.signal.reason === 'global' || abort.signal.reason === 'per-try' ? 'UT' : abort.signal.reason === 'downstream' ? 'DC' : 'UR';
    return { ...result, status: up.statusCode, bytesSent, upstreamMs, flags: [...result.flags, flags], grpcStatus: typeof grpc === 'string' ? grpc : undefined };
  }
  const trailers = up.trailers;
  let grpcStatus = typeof grpc === 'string' ? grpc : undefined;
  if (trailers && Object.keys(trailers).length > 0) {
    const t = trailers as Record<string, string>;
    grpcStatus ??= t['grpc-status'];
    res.addTrailers(t);
  }
  res.end();
  return { ...result, status: up.statusCode, bytesSent, upstreamMs, grpcStatus };
}

function isGrpcResponse(response: Dispatcher.ResponseData | undefined): boolean {
  const ct = response?.headers['content-type'];
  return typeof ct === 'string' && ct.startsWith('application/grpc');
}

/** Envoy's gRPC → HTTP status mapping, which outlier detection counts (UNAVAILABLE → 503, …). */
const GRPC_TO_HTTP: readonly number[] = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];

export function httpStatusOfGrpc(grpcStatus: string | undefined): number {
  if (grpcStatus === undefined) return 500;
  return GRPC_TO_HTTP[Number(grpcStatus)] ?? 500;
}
