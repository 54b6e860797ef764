import { createServer as createH1Server, type IncomingMessage, type Server as H1Server, type ServerResponse } from 'node:http';
import { createServer as createH2Server } from 'node:http2';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { Duplex } from 'node:stream';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** Every HTTP/2 connection starts with this preface; no HTTP/1 method is `PRI`. */
const H2_PREFACE_START = Buffer.from('PRI ');

/**
 * One port for HTTP/1.1 and HTTP/2 cleartext with prior knowledge (Envoy's codec_type AUTO):
 * peeks the first bytes and hands the socket to the matching node server. Both share the handler;
 * http2's compatibility request/response objects stand in for http's.
 */
export function createSniffingServer(handler: RequestHandler, maxHeaderBytes: number): { server: Server; h1: H1Server } {
  const h1 = createH1Server({ maxHeaderSize: maxHeaderBytes, requestTimeout: 0, headersTimeout: 60_000 }, handler);
  const h2 = createH2Server({ maxHeaderListPairs: 1000, maxSessionMemory: 10 }, handler as unknown as Parameters<typeof createH2Server>[1]);
  h2.on('sessionError', () => undefined);
  const server = createNetServer({ pauseOnConnect: false }, (socket: Socket) => {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      const n = Math.min(first.length, H2_PREFACE_START.length);
      const isH2 = first.subarray(0, n).equals(H2_PREFACE_START.subarray(0, n));
      if (isH2) h2.emit('connection', replaying(socket, first));
      else {
        socket.unshift(first);
        h1.emit('connection', socket);
        socket.resume();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return { server, h1 };
}

/**
 * node:http2 reads a net.Socket's handle directly, so unshifted bytes would be lost: for h2 the
 * socket is wrapped in a Duplex that replays the sniffed preface first.
 */
function replaying(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => void socket.resume(),
    write: (chunk: Buffer, _enc, cb) => void socket.write(chunk, cb),
    final: (cb) => void socket.end(cb),
    destroy: (err, cb) => {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  Object.assign(duplex, { remoteAddress: socket.remoteAddress, remotePort: socket.remotePort, localAddress: socket.localAddress, localPort: socket.localPort });
  duplex.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  return duplex;
}
