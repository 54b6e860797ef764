export interface LocalReply {
  readonly status: number;
  /** Envoy response flag(s), as access logs and Mixer's `context.proxy_error_code` carry them. */
  readonly flags: string;
  readonly body: string;
  readonly detail: string;
}

/**
 * Maps an upstream failure to the local reply Envoy would send, with its response flag:
 * UF connect failure, UC upstream closed/reset, UT upstream timeout, DC downstream closed.
 */
export function localReplyFor(err: unknown, downstreamClosed: boolean): LocalReply {
  const code = (err as { code?: string } | undefined)?.code ?? '';
  const reason = err instanceof Error ? err.message : String(err);
  if (downstreamClosed) return { status: 499, flags: 'DC', body: 'downstream closed', detail: reason };
  if (code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') {
    return { status: 503, flags: 'UF', body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure', detail: `${code}: ${reason}` };
  }
  if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return { status: 504, flags: 'UT', body: 'upstream request timeout', detail: `${code}: ${reason}` };
  }
  return { status: 503, flags: 'UC', body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination', detail: `${code || 'error'}: ${reason}` };
}
