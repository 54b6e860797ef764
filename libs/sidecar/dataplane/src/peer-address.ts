import type { IncomingMessage } from 'node:http';
import type { Http2ServerRequest, Http2Session } from 'node:http2';
import type { Duplex } from 'node:stream';

export interface ConnectionAddresses {
  readonly remoteAddress?: string;
  readonly remotePort?: number;
  readonly localAddress?: string;
  readonly localPort?: number;
}

/**
 * node:http2 wraps a JS Duplex (a sniffed h2c or TLS connection) in a socket object of its own
 * that has no peer address, and hides it behind proxies: the addresses are kept per session.
 */
const sessions = new WeakMap<Http2Session, ConnectionAddresses>();

export function rememberSessionAddresses(session: Http2Session): void {
  const inner = (session.socket as unknown as { stream?: Duplex & ConnectionAddresses }).stream;
  const source: ConnectionAddresses = inner ?? session.socket;
  sessions.set(session, { remoteAddress: source.remoteAddress, remotePort: source.remotePort, localAddress: source.localAddress, localPort: source.localPort });
}

/** The TCP peer and local addresses of the connection a request came on (h1 or h2). */
export function connectionOf(req: IncomingMessage): ConnectionAddresses {
  if (req.httpVersionMajor === 2) {
    const session = (req as unknown as Http2ServerRequest).stream.session;
    const known = session ? sessions.get(session) : undefined;
    if (known) return known;
  }
  return req.socket;
}
