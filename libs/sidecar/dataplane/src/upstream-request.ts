import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AttemptOutcome, type HostResult, RetryState, type RetryPolicy } from '@tsmesh/sidecar-resilience';
import { HOP_BY_HOP_HEADERS } from './hop-headers';
import { upstreamFailure, type LocalReply } from './local-reply';
import type { ReplayableBody } from './replayable-body';
import { type AttemptHead, UpstreamAttempt } from './upstream-attempt';
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
/** Why the sidecar itself ended an attempt; carried on the error undici reports back. */
class AttemptAborted extends Error {
  constructor(readonly why: AbortReason) {
    super(`attempt aborted: ${why}`);
  }
}

function outcomeOf(err: unknown): AttemptOutcome {
  if (err instanceof AttemptAborted) return err.why === 'per-try' ? { kind: 'per-try-timeout' } : { kind: 'reset' };
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

const TIMEOUT_REPLY = (ms: number): LocalReply => ({ status: 504, flags: 'UT', body: 'upstream request timeout', reason: `route timeout ${ms}ms` });

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
  let current: UpstreamAttempt | undefined;
  const onClose = () => {
    if (!call.downstream.writableFinished) current?.abort(new AttemptAborted('downstream'));
  };
  call.downstream.once('close', onClose);
  try {
    for (;;) {
      if (call.downstream.destroyed && !call.downstream.writableFinished) return { ...result, reply: { status: 499, flags: 'DC', body: '', reason: 'downstream closed before the response' } };
      const dst = call.originalDestination;
      const picked = cluster.config.type === 'ORIGINAL_DST' && dst ? cluster.pickOriginal(dst.address, dst.port) : cluster.pick(call.hash, state ? (h) => state.avoids(h.key) : undefined);
      if ('flags' in picked) return { ...result, reply: { status: 503, flags: picked.flags, body: '', reason: picked.reason } };
      let admission = cluster.admit();
      if (admission instanceof Promise) admission = await admission;
      if ('flags' in admission) return { ...result, reply: { status: 503, flags: admission.flags, body: '', reason: admission.reason } };
      const release = admission;
      const host = picked;
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        release();
        cluster.rqTimeout++;
        return { ...result, reply: TIMEOUT_REPLY(call.timeoutMs) };
      }
      state?.recordHost(host.key);
      result.host = host;
      result.attempts++;
      host.active++;
      host.rqTotal++;
      cluster.rqTotal++;
      const began = Date.now();
      const attempt = new UpstreamAttempt(host.pool, { path: call.path, method: call.method, headers: call.headers, body: call.body?.stream() });
      current = attempt;
      const perTry = retry && retry.perTryTimeoutMs > 0 ? retry.perTryTimeoutMs : Infinity;
      const limit = Math.min(perTry, remaining);
      const timer = Number.isFinite(limit) ? setTimeout(() => attempt.abort(new AttemptAborted(perTry < remaining ? 'per-try' : 'global')), limit) : undefined;
      const done = () => {
        clearTimeout(timer);
        host.active--;
        release();
      };
      let head: AttemptHead | undefined;
      let outcome: AttemptOutcome;
      let failedWith: unknown;
      try {
        head = await attempt.head;
        const grpcStatus = head.headers['grpc-status'];
        outcome = { kind: 'response', status: head.status, grpcStatus: typeof grpcStatus === 'string' ? Number(grpcStatus) : undefined };
      } catch (err) {
        failedWith = err;
        outcome = outcomeOf(err);
        const why = err instanceof AttemptAborted ? err.why : undefined;
        if (why === 'downstream') {
          done();
          return { ...result, reply: { status: 499, flags: 'DC', body: '', reason: 'downstream closed before the response' } };
        }
        if (why === 'global') {
          done();
          cluster.record(host, { kind: 'timeout' });
          cluster.rqTimeout++;
          return { ...result, reply: TIMEOUT_REPLY(call.timeoutMs) };
        }
      }
      // A gRPC answer's real status comes in its trailers: outlier detection hears it after the body.
      const grpcPending = head !== undefined && head.status === 200 && outcome.kind === 'response' && outcome.grpcStatus === undefined && isGrpcHead(head);
      if (!grpcPending) cluster.record(host, hostResult(outcome));
      if (state) {
        const next = state.next(outcome, call.body === undefined || call.body.replayable);
        if (next.retry) {
          done();
          attempt.discard();
          cluster.rqRetry++;
          const wait = Math.min(next.backoffMs, Math.max(0, deadline - Date.now()));
          if (wait > 0) await sleep(wait);
          continue;
        }
        // Envoy: out of attempts → URX (upstream retry limit exceeded); retry budget full → UO.
        if (next.reason === 'exhausted') result.flags.push('URX');
        else if (next.reason === 'overflow') result.flags.push('UO');
      }
      try {
        if (!head) {
          // The upstream's own error (e.g. `connect ECONNREFUSED 10.0.0.7:9080`) says most; a per-try timeout is ours.
          const failure = failedWith instanceof Error && !(failedWith instanceof AttemptAborted) ? failedWith : Object.assign(new Error(outcome.kind === 'per-try-timeout' ? `per-try timeout ${perTry}ms` : `upstream ${outcome.kind}`), {
            code: outcome.kind === 'per-try-timeout' ? 'UT' : outcome.kind === 'connect-failure' ? 'ECONNREFUSED' : 'ECONNRESET',
          });
          return { ...result, reply: upstreamFailure(failure, false) };
        }
        const relayed = await relayResponse(call, attempt, head, began, result);
        if (grpcPending) cluster.record(host, { kind: 'response', status: httpStatusOfGrpc(relayed.grpcStatus) });
        return relayed;
      } finally {
        done();
        state?.release();
      }
    }
  } finally {
    call.downstream.off('close', onClose);
  }
}

function isGrpcHead(head: AttemptHead): boolean {
  const ct = head.headers['content-type'];
  return typeof ct === 'string' && ct.startsWith('application/grpc');
}

async function relayResponse(call: UpstreamCall, attempt: UpstreamAttempt, head: AttemptHead, began: number, result: UpstreamOutcome): Promise<UpstreamOutcome> {
  const upstreamMs = Date.now() - began;
  const out: Record<string, string | string[]> = {};
  for (const name in head.headers) {
    const v = head.headers[name];
    if (v !== undefined && !HOP_BY_HOP_HEADERS.has(name)) out[name] = v;
  }
  const grpc = head.headers['grpc-status'];
  const res = call.downstream;
  if (typeof grpc === 'string' && head.status === 200) {
    // Trailers-only gRPC answer (status in the headers, no body): relay it in the same form.
    attempt.discard();
    call.writeHead(head.status, out, upstreamMs, true);
    return { ...result, status: head.status, bytesSent: 0, upstreamMs, grpcStatus: grpc };
  }
  call.writeHead(head.status, out, upstreamMs, false);
  let trailers: Record<string, string | string[] | undefined>;
  try {
    trailers = await attempt.relay({ write: (chunk) => res.write(chunk), onDrain: (resume) => res.once('drain', resume) });
  } catch (err) {
    // Headers are out: Envoy resets the downstream stream (UT if the route timeout fired mid-body).
    res.destroy();
    const why = err instanceof AttemptAborted ? err.why : undefined;
    const flag = why === 'global' || why === 'per-try' ? 'UT' : why === 'downstream' ? 'DC' : 'UR';
    return { ...result, status: head.status, bytesSent: attempt.bytes, upstreamMs, flags: [...result.flags, flag], grpcStatus: typeof grpc === 'string' ? grpc : undefined };
  }
  let grpcStatus = typeof grpc === 'string' ? grpc : undefined;
  const trailerNames = Object.keys(trailers);
  if (trailerNames.length > 0) {
    const t: Record<string, string> = {};
    for (const k of trailerNames) {
      const v = trailers[k];
      if (v !== undefined) t[k] = Array.isArray(v) ? v.join(',') : v;
    }
    grpcStatus ??= t['grpc-status'];
    res.addTrailers(t);
  }
  res.end();
  return { ...result, status: head.status, bytesSent: attempt.bytes, upstreamMs, grpcStatus };
}

/** Envoy's gRPC → HTTP status mapping, which outlier detection counts (UNAVAILABLE → 503, …). */
const GRPC_TO_HTTP: readonly number[] = [200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401];

export function httpStatusOfGrpc(grpcStatus: string | undefined): number {
  if (grpcStatus === undefined) return 500;
  return GRPC_TO_HTTP[Number(grpcStatus)] ?? 500;
}
