import type { ServerResponse } from 'node:http';

export interface LocalReply {
  readonly status: number;
  readonly flags: string;
  readonly body: string;
  readonly reason: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Maps an upstream error to Envoy's local reply: UF connect failure, UT timeout, UC reset, DC downstream gone. */
export function upstreamFailure(err: unknown, downstreamClosed: boolean): LocalReply {
  const code = (err as { code?: string } | undefined)?.code ?? '';
  const message = err instanceof Error ? err.message : String(err);
  if (downstreamClosed) return { status: 499, flags: 'DC', body: '', reason: 'downstream closed' };
  if (code === 'ECONNREFUSED' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'EHOSTUNREACH' || code === 'ENOTFOUND') {
    return { status: 503, flags: 'UF', body: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure', reason: `${code}: ${message}` };
  }
  if (code === 'UT') return { status: 504, flags: 'UT', body: 'upstream request timeout', reason: message };
  return { status: 503, flags: 'UC', body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination', reason: `${code || 'error'}: ${message}` };
}

export const BODIES: Readonly<Record<string, string>> = {
  UH: 'no healthy upstream',
  UO: 'upstream connect error or disconnect/reset before headers. reset reason: overflow',
};

/** Writes a local reply unless headers already went out (then the stream is reset, as Envoy does). */
export function sendLocalReply(res: ServerResponse, reply: LocalReply): number {
  if (res.headersSent) {
    res.destroy();
    return 0;
  }
  const body = reply.body || BODIES[reply.flags] || '';
  const headers: Record<string, string | number> = { 'x-tsmesh-reason': reply.reason.replace(/[^\x20-\x7e]/g, ' '), 'content-length': Buffer.byteLength(body) };
  if (body) headers['content-type'] = 'text/plain';
  if (reply.headers) Object.assign(headers, reply.headers);
  res.writeHead(reply.status, headers);
  res.end(body);
  return Buffer.byteLength(body);
}
