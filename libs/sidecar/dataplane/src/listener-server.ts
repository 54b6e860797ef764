import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Duplex } from 'node:stream';
import type { FilterChainConfig, ListenerConfig, TcpProxyConfig } from '@tsmesh/sidecar-xds-client';
import { handleStream, type HcmRuntime, type StreamEnv } from './http-stream';
import { sendLocalReply } from './local-reply';
import { copyAddresses, createHttpHandlers, replaying, type HttpHandlers } from './protocol-sniffer';
import { serverNameScore, sniFromClientHello } from './sni';
import { proxyTcp } from './tcp-proxy';
import { proxyUpgrade } from './websocket';

/** One filter chain as applied: its HCM (HTTP) or tcp_proxy, and its TLS context when it terminates TLS. */
export interface ChainRuntime {
  readonly config: FilterChainConfig;
  readonly hcm?: HcmRuntime;
  readonly secureContext?: SecureContext;
}

export interface ListenerRuntime {
  readonly config: ListenerConfig;
  readonly chains: readonly ChainRuntime[];
  /** Virtual listener only: HTTP for ports no outbound listener covers goes to its passthrough/blackhole cluster. */
  readonly passthrough?: HcmRuntime;
}

/** Which chain a downstream connection was matched to; read back by the HTTP servers per request. */
const CHAIN = Symbol('tsmesh.chain');
type Tagged = { [CHAIN]?: number; [key: string]: unknown };
const MAX_CLIENT_HELLO = 16 * 1024;

/**
 * A bound listener: accepts connections, matches a filter chain (SNI from the ClientHello,
 * Envoy's server_names rules), terminates TLS where the chain says so, then speaks HTTP/1.1 or
 * HTTP/2 (sniffed, or by ALPN) into the chain's HCM, or proxies TCP. The runtime is swapped on
 * every config apply; open connections pick up the new chains for their next request.
 */
export class ListenerServer {
  readonly server: Server;
  port = 0;
  cxTotal = 0;
  cxActive = 0;
  private readonly http: HttpHandlers;

  constructor(
    public runtime: ListenerRuntime,
    private readonly env: StreamEnv,
    private readonly outboundForPort: (port: number) => HcmRuntime | undefined,
  ) {
    const http = runtime.chains.find((c) => c.config.network.kind === 'http')?.config.network;
    const limits = http?.kind === 'http' ? http : undefined;
    // Envoy's max_request_headers_kb (default 60) and request_headers_timeout (tsmesh default 60 s: slow clients get 408).
    this.http = createHttpHandlers((req, res) => this.onRequest(req, res), (limits?.maxRequestHeadersKb ?? 60) * 1024, limits?.requestHeadersTimeoutMs ?? 60_000);
    this.http.h1.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => this.onUpgrade(req, socket, head));
    // noDelay: a proxy must not hold small writes back for Nagle (delayed-ACK stalls of tens of ms).
    this.server = createNetServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.onConnection(socket));
  }

  /** Envoy's listener drain: accept nothing new and let open connections finish and close. */
  drain(): void {
    this.server.close();
    this.http.drain();
  }

  private get inspects(): boolean {
    return !this.runtime.config.useOriginalDst && this.runtime.chains.some((c) => c.config.tls !== undefined || c.config.match.serverNames.length > 0);
  }

  private onConnection(socket: Socket): void {
    this.cxTotal++;
    this.cxActive++;
    socket.once('close', () => this.cxActive--);
    socket.on('error', () => socket.destroy());
    // Envoy's global downstream connection limit: beyond it new connections are closed at once.
    const global = this.env.connections;
    if (global.active >= global.max) {
      global.overflow++;
      return void socket.destroy();
    }
    global.active++;
    socket.once('close', () => global.active--);
    if (!this.inspects) return this.dispatch(socket, 0, undefined);
    let buffered = Buffer.alloc(0);
    const onEnd = () => socket.end();
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const sni = sniFromClientHello(buffered);
      if (sni === null && buffered.length < MAX_CLIENT_HELLO) return;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.pause();
      const tls = sni !== false && sni !== null;
      const index = this.matchChain(tls, tls ? sni : undefined);
      if (index < 0) return void socket.destroy();
      this.dispatch(socket, index, buffered);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
  }

  private matchChain(tls: boolean, sni: string | undefined): number {
    let best = -1;
    let bestScore = -1;
    this.runtime.chains.forEach((c, i) => {
      const transportOk = tls ? c.config.tls !== undefined || c.config.network.kind === 'tcp' : c.config.tls === undefined;
      const score = transportOk ? serverNameScore(c.config.match.serverNames, sni) : -1;
      if (score > bestScore) [best, bestScore] = [i, score];
    });
    return best;
  }

  private dispatch(socket: Socket, index: number, peeked: Buffer | undefined): void {
    const chain = this.runtime.chains[index];
    const useOriginalDst = this.runtime.config.useOriginalDst;
    // The virtual listener (Istio 1.2 sends it with a tcp_proxy to PassthroughCluster) is the
    // explicit-proxy entry here: its traffic is HTTP routed by the outbound listener of the Host's port.
    if (!useOriginalDst && chain?.config.network.kind === 'tcp' && !chain.config.tls) return proxyTcp(socket, chain.config.network as TcpProxyConfig, this.env.clusters, peeked);
    if (!chain && !useOriginalDst) return void socket.destroy();
    const stream: Duplex = peeked ? replaying(socket, peeked) : socket;
    if (chain?.secureContext && !useOriginalDst) {
      const tls = new TLSSocket(stream as Socket, { isServer: true, secureContext: chain.secureContext, requestCert: chain.config.tls?.trustedCaFile !== undefined, rejectUnauthorized: chain.config.tls?.requireClientCertificate ?? false, ALPNProtocols: ['h2', 'http/1.1'] });
      copyAddresses(socket, tls);
      (tls as unknown as Tagged)[CHAIN] = index;
      tls.on('error', () => tls.destroy());
      tls.once('secure', () => this.http.acceptTls(tls));
      if (peeked) socket.resume();
      return;
    }
    (stream as unknown as Tagged)[CHAIN] = index;
    if (peeked) {
      this.http.accept(stream, peeked);
      socket.resume();
    } else this.http.accept(socket);
  }

  /** The HCM a request belongs to: its chain's, or on the virtual listener the outbound one for the Host's port. */
  private hcmFor(req: IncomingMessage): { hcm?: HcmRuntime; authority: string; url: string } {
    let url = req.url ?? '/';
    let authority = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? '';
    if (!this.runtime.config.useOriginalDst) {
      const index = (req.socket as unknown as Tagged)[CHAIN] ?? 0;
      return { hcm: (this.runtime.chains[index] ?? this.runtime.chains[0])?.hcm, authority, url };
    }
    // Explicit proxy on the virtual listener: absolute-form URL or Host picks the outbound listener by port.
    if (url.startsWith('http://')) {
      const slash = url.indexOf('/', 7);
      authority = slash < 0 ? url.slice(7) : url.slice(7, slash);
      url = slash < 0 ? '/' : url.slice(slash);
    }
    const port = Number(/:(\d+)$/.exec(authority)?.[1] ?? 80);
    return { hcm: this.outboundForPort(port) ?? this.runtime.passthrough, authority, url };
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const { hcm, authority, url } = this.hcmFor(req);
    if (!hcm) return void sendLocalReply(res, { status: 404, flags: 'NR', body: '', reason: `no HTTP listener for ${authority || '(no host)'}` });
    if (!authority) return void sendLocalReply(res, { status: 400, flags: '-', body: '', reason: 'request has no Host' });
    void handleStream(hcm, this.env, req, res, authority, url);
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const { hcm, authority, url } = this.hcmFor(req);
    if (!hcm || !authority) {
      socket.end(`HTTP/1.1 404 Not Found\r\nx-tsmesh-reason: no HTTP listener for ${authority || '(no host)'}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
      return;
    }
    void proxyUpgrade(hcm, this.env, req, socket, head, authority, url).catch(() => socket.destroy());
  }
}
