import type { ServerResponse } from 'node:http';
import { grpcStatusFor } from './grpc';

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
  if (code === 'DC') return { status: 499, flags: 'DC', body: '', reason: 'downstream closed' };
  return { status: 503, flags: 'UC', body: 'upstream connect error or disconnect/reset before headers. reset reason: connection termination', reason: `${code || 'error'}: ${message}` };
}

export const BODIES: Readonly<Record<string, string>> = {
  UH: 'no healthy upstream',
  UO: 'upstream connect error or disconnect/reset before headers. reset reason: overflow',
};

/**
 * Writes a local reply unless headers already went out (then the stream is reset, as Envoy
 * does). A gRPC caller gets Envoy's trailers-only form: HTTP 200 with grpc-status/grpc-message.
 */
export function sendLocalReply(res: ServerResponse, reply: LocalReply, grpc = false, extraHeaders?: Readonly<Record<string, string>>): number {
  if (res.headersSent) {
    res.destroy();
    return 0;
  }
  const body = reply.body || BODIES[reply.flags] || '';
  const reason = reply.reason.replace(/[^\x20-\x7e]/g, ' ');
  if (grpc) {
    sendTrailersOnly(res, { 'content-type': 'application/grpc', 'grpc-status': String(grpcStatusFor(reply.status)), 'grpc-message': grpcMessage(body || reason), 'x-tsmesh-reason': reason, ...extraHeaders });
    return 0;
  }
  const headers: Record<string, string | number> = { 'x-tsmesh-reason': reason, 'content-length': Buffer.byteLength(body), ...extraHeaders };
  if (body) headers['content-type'] = 'text/plain';
  if (reply.headers) Object.assign(headers, reply.headers);
  res.writeHead(reply.status, headers);
  res.end(body);
  return Buffer.byteLength(body);
}

/**
 * A gRPC trailers-only response: one HEADERS frame with END_STREAM, which is how gRPC clients
 * expect an immediate status. The http2 compat API would split it into HEADERS + empty DATA.
 */
export function sendTrailersOnly(res: ServerResponse, headers: Readonly<Record<string, string | string[]>>): void {
  const stream = (res as unknown as { stream?: { respond?: (h: Record<string, unknown>, o: { endStream: boolean }) => void; destroyed?: boolean } }).stream;
  if (stream?.respond && !stream.destroyed) {
    stream.respond({ ':status': 200, ...headers }, { endStream: true });
    return;
  }
  res.writeHead(200, headers);
  res.end();
}

/** gRPC's grpc-message encoding: percent-encode '%' and bytes outside printable ASCII only. */
export function grpcMessage(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text)) out += byte >= 0x20 && byte <= 0x7e && byte !== 0x25 ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return out;
}
