/** One finished request as the sidecar saw it: the access log line and the Mixer report both come from it. */
export interface RequestRecord {
  readonly direction: 'inbound' | 'outbound';
  readonly listener: string;
  readonly startTime: Date;
  readonly durationMs: number;
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly scheme: string;
  readonly protocol: string;
  readonly requestId?: string;
  readonly status: number;
  readonly flags: string;
  readonly reason?: string;
  readonly routeName?: string;
  readonly upstreamCluster?: string;
  readonly upstreamHost?: string;
  readonly upstreamMs?: number;
  readonly attempts: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly destinationAddress: string;
  readonly destinationPort: number;
  /** As received (not copied: flatten with `flatHeaders` when needed). */
  readonly requestHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly responseHeaders: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly grpcStatus?: string;
}

/** Envoy's access-log vocabulary (the fields Istio 1.2's JSON log format uses), one JSON line. */
export function accessLogLine(r: RequestRecord): string {
  return JSON.stringify({
    start_time: r.startTime.toISOString(),
    method: r.method,
    path: r.path,
    protocol: r.protocol,
    response_code: r.status,
    response_flags: r.flags,
    bytes_received: r.requestBytes,
    bytes_sent: r.responseBytes,
    duration: r.durationMs,
    upstream_service_time: r.upstreamMs ?? null,
    x_forwarded_for: r.requestHeaders['x-forwarded-for'] ?? null,
    user_agent: r.requestHeaders['user-agent'] ?? null,
    request_id: r.requestId ?? null,
    authority: r.authority,
    upstream_host: r.upstreamHost ?? null,
    upstream_cluster: r.upstreamCluster ?? null,
    downstream_local_address: `${r.destinationAddress}:${r.destinationPort}`,
    downstream_remote_address: `${r.sourceAddress}:${r.sourcePort}`,
    route_name: r.routeName ?? null,
    upstream_attempts: r.attempts,
    grpc_status: r.grpcStatus ?? null,
    reason: r.reason,
  });
}

export function flatHeaders(headers: Readonly<Record<string, string | string[] | number | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k in headers) {
    const v = headers[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : String(v);
  }
  return out;
}
