import type { IncomingHttpHeaders } from 'node:http';

const UNIT_MS: Readonly<Record<string, number>> = { H: 3_600_000, M: 60_000, S: 1000, m: 1, u: 0.001, n: 0.000001 };

export function isGrpc(headers: IncomingHttpHeaders): boolean {
  const ct = headers['content-type'];
  return typeof ct === 'string' && ct.startsWith('application/grpc');
}

/** The gRPC `grpc-timeout` header (`100m`, `5S`, …) in ms; undefined when absent or malformed. */
export function grpcTimeoutMs(value: string | string[] | undefined): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{1,8})([HMSmun])$/.exec(value);
  if (!m) return undefined;
  return Math.max(1, Math.ceil(Number(m[1]) * (UNIT_MS[m[2] as string] ?? 1)));
}

/**
 * The route timeout for a gRPC request as Envoy computes it: with max_grpc_timeout set, the
 * client's grpc-timeout wins, capped by max_grpc_timeout unless that is 0 (no cap).
 */
export function effectiveTimeoutMs(routeTimeoutMs: number, maxGrpcTimeoutMs: number | undefined, grpcTimeout: number | undefined): number {
  if (maxGrpcTimeoutMs === undefined || grpcTimeout === undefined) return routeTimeoutMs;
  return maxGrpcTimeoutMs > 0 ? Math.min(grpcTimeout, maxGrpcTimeoutMs) : grpcTimeout;
}

/** Envoy's HTTP → gRPC status mapping for local replies to gRPC requests. */
export function grpcStatusFor(httpStatus: number): number {
  switch (httpStatus) {
    case 400:
      return 13;
    case 401:
      return 16;
    case 403:
      return 7;
    case 404:
      return 12;
    case 429:
    case 502:
    case 503:
    case 504:
      return 14;
    default:
      return 2;
  }
}
