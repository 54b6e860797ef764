import { createServer as createH1Server, type IncomingMessage, type Server as H1Server, type ServerResponse } from 'node:http';
import { createServer as createH2Server, type Http2Session } from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { rememberSessionAddresses } from './peer-address';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Every HTTP/2 connection starts with this preface; no HTTP/1 method is `PRI`. */
const H2_PREFACE_START = Buffer.from('PRI ');

export interface HttpHandlers {
  readonly h1: H1Server;
  /** A fresh connection: sniffs h1 vs h2c prior knowledge. `first` = bytes already read (then `stream` replays them). */
  accept(stream: Duplex, first?: Buffer): void;
  /** A TLS connection after the handshake: ALPN decides. */
  acceptTls(socket: TLSSocket): void;
  /** Draining: idle HTTP/1.1 connections close now, busy ones after their response; HTTP/2 gets GOAWAY. */
  drain(): void;
}

/**
 * HTTP/1.1 and HTTP/2 on one connection source (Envoy's codec_type AUTO): peeks the first bytes
 * (or reads ALPN) and hands the connection to the matching node server. Both share the
 * handler; http2's compatibility request/response objects stand in for http's.
 */
export function createHttpHandlers(handler: RequestHandler, maxHeaderBytes: number, headersTimeoutMs = 60_000): HttpHandlers {
  // Slow clients: the headers must arrive within headersTimeoutMs (checked every second) or get a 408.
  const h1 = createH1Server({ maxHeaderSize: maxHeaderBytes, requestTimeout: 0, headersTimeout: headersTimeoutMs, connectionsCheckingInterval: Math.min(1000, headersTimeoutMs) }, handler);
  const h2 = createH2Server({ maxHeaderListPairs: 1000, maxSessionMemory: 10 }, handler as unknown as Parameters<typeof createH2Server>[1]);
  // A half-closed client (FIN after its request) still gets its response; the socket ends after it.
  (h1 as H1Server & { httpAllowHalfOpen: boolean }).httpAllowHalfOpen = true;
  // The header timeout is enforced by node's connection tracking, which starts on 'listening':
  // these servers never listen themselves (connections are handed to them), so start it here.
  h1.emit('listening');
  h2.on('sessionError', () => undefined);
  const sessions = new Set<Http2Session>();
  h2.on('session', (session: Http2Session) => {
    rememberSessionAddresses(session);
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  h1.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  });
  const isH2 = (first: Buffer) => {
    const n = Math.min(first.length, H2_PREFACE_START.length);
    return first.subarray(0, n).equals(H2_PREFACE_START.subarray(0, n));
  };
  return {
    h1,
    accept(stream, first) {
      if (first) {
        (isH2(first) ? h2 : h1).emit('connection', stream);
        return;
      }
      const socket = stream as Socket;
      // A client that closes before sending anything gets closed too (the socket is half-open capable).
      const onEnd = () => socket.end();
      socket.once('end', onEnd);
      socket.once('data', (chunk: Buffer) => {
        socket.off('end', onEnd);
        socket.pause();
        if (isH2(chunk)) h2.emit('connection', replaying(socket, chunk));
        else {
          socket.unshift(chunk);
          h1.emit('connection', socket);
          socket.resume();
        }
      });
    },
    drain() {
      h1.closeIdleConnections();
      for (const session of sessions) session.close();
    },
    acceptTls(socket) {
      // node:http2 can't run on a TLSSocket that itself wraps a JS stream: give it a plain Duplex.
      if (socket.alpnProtocol === 'h2') h2.emit('connection', replaying(socket));
      else h1.emit('connection', socket);
    },
  };
}

/** One port for HTTP/1.1 and HTTP/2 cleartext with prior knowledge; see createHttpHandlers. */
export function createSniffingServer(handler: RequestHandler, maxHeaderBytes: number): { server: Server; h1: H1Server } {
  const handlers = createHttpHandlers(handler, maxHeaderBytes);
  const server = createNetServer({ pauseOnConnect: false, noDelay: true }, (socket: Socket) => {
    socket.on('error', () => socket.destroy());
    handlers.accept(socket);
  });
  return { server, h1: handlers.h1 };
}

/**
 * node:http2 reads a net.Socket's handle directly, so unshifted bytes would be lost: for h2 the
 * socket is wrapped in a Duplex that replays the sniffed preface first.
 */
export function replaying(socket: Duplex, first?: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _enc, cb) => void socket.write(chunk, cb),
    final: (cb) => void socket.end(cb),
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  copyAddresses(socket, duplex);
  if (first) duplex.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  return duplex;
}

/** Wrapped streams keep the TCP peer's addresses, which access logs and x-forwarded-for read. */
export function copyAddresses(from: Duplex, to: Duplex): void {
  const s = from as Partial<Socket>;
  for (const key of ['remoteAddress', 'remotePort', 'localAddress', 'localPort'] as const) Object.defineProperty(to, key, { value: s[key], configurable: true });
}
