import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Server as NetServer, Socket } from 'node:net';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { BadRequestError, BindError, describeError } from '@tsmesh/shared-errors';
import { buildHttpFilterChain, RouteTable, validatePerFilterConfigs } from '@tsmesh/sidecar-filters';
import { type CircuitBreakerStats, RetryPolicyError } from '@tsmesh/sidecar-resilience';
import type { ClusterConfig, HttpConnectionConfig, ListenerConfig, LoadAssignment, RouteConfig } from '@tsmesh/sidecar-xds-client';
import { handleStream, type HcmRuntime, type StreamEnv } from './http-stream';
import type { RequestRecord } from './request-record';
import { retryPolicyOf } from './retry-policies';
import { sendLocalReply } from './local-reply';
import { createSniffingServer } from './protocol-sniffer';
import { startTcpListener } from './tcp-proxy';
import { proxyUpgrade } from './websocket';
import { UpstreamCluster } from './upstream-cluster';

export interface DataPlaneOptions {
  log: Logger;
  meter: Meter;
  tracer: Tracer;
  /** Pod IP: 0.0.0.0 listeners and inbound bindToPort=false listeners on the pod IP bind here. */
  listenAddress: string;
  /** Replaces 127.0.0.1 in inbound cluster endpoints. */
  appHost: string;
  accessLog?: (line: string) => void;
  /** Every finished HTTP request (the agent turns these into Mixer reports). */
  onRequestComplete?: (record: RequestRecord) => void;
  serviceCluster: string;
}

export interface DataPlaneConfig {
  listeners: ReadonlyMap<string, ListenerConfig>;
  routes: ReadonlyMap<string, RouteConfig>;
  clusters: ReadonlyMap<string, ClusterConfig>;
  loadAssignments: ReadonlyMap<string, LoadAssignment>;
}

export interface ClusterStatus {
  name: string;
  circuitBreakers: CircuitBreakerStats;
  outlierEjectionsActive: number;
  panic: boolean;
  endpoints: { address: string; port: number; health: string; weight: number; rqTotal: number; rq5xx: number; rqActive: number; ejected: boolean; locality?: string }[];
}

export interface ListenerStatus {
  name: string;
  address: string;
  port: number;
  bound: boolean;
  activeConnections: number;
}

interface BoundListener {
  config: ListenerConfig;
  server: NetServer;
  port: number;
  hcm?: HcmRuntime;
  cxTotal: number;
  cxActive: number;
}

/** The sidecar data path: listeners → HCM filter chain → router → cluster load balancer → undici pools. */
export class DataPlane {
  private clusterMap = new Map<string, UpstreamCluster>();
  private routeTables = new Map<string, RouteTable>();
  /** Outbound HCMs by destination port, for the virtual listener's explicit-proxy requests. */
  private outboundByPort = new Map<number, HcmRuntime>();
  private bound = new Map<string, BoundListener>();
  private hcms = new Map<string, HcmRuntime>();
  private readonly retiredFilterStats = new Map<string, number>();
  private readonly env: StreamEnv & { clusters: Map<string, UpstreamCluster> };

  constructor(private readonly options: DataPlaneOptions) {
    this.env = {
      clusters: this.clusterMap,
      tracer: options.tracer,
      accessLog: options.accessLog ?? ((l) => process.stdout.write(`${l}\n`)),
      inFlight: new Set(),
      onComplete: options.onRequestComplete,
    };
  }

  async apply(config: DataPlaneConfig): Promise<void> {
    // Validate and build everything first: a failure must change nothing.
    for (const r of config.routes.values()) validateRoutes(r);
    const tables = new Map([...config.routes].map(([name, r]) => [name, new RouteTable(r)]));
    const hcms = new Map<string, HcmRuntime>();
    for (const l of config.listeners.values()) {
      const http = l.filterChains.find((c) => c.network.kind === 'http')?.network as HttpConnectionConfig | undefined;
      if (!http) continue;
      if (http.route.kind === 'inline') validateRoutes(http.route.config);
      const inline = http.route.kind === 'inline' ? new RouteTable(http.route.config) : undefined;
      const rdsName = http.route.kind === 'rds' ? http.route.name : '';
      const lookup = inline ? () => inline : () => this.routeTables.get(rdsName);
      const chain = buildHttpFilterChain(http.httpFilters, lookup, `Listener ${l.name}`);
      const old = this.bound.get(l.name)?.hcm;
      hcms.set(l.name, {
        statPrefix: http.statPrefix,
        listenerName: l.name,
        direction: l.direction === 'INBOUND' || (l.address !== '0.0.0.0' && !l.useOriginalDst) ? 'inbound' : 'outbound',
        chain,
        generateRequestId: http.generateRequestId,
        samplingPercent: http.randomSamplingPercent,
        serverName: http.serverName || 'envoy',
        upgrades: http.upgrades,
        stats: old?.stats ?? { rqTotal: 0, cxActive: 0, rq2xx: 0, rq4xx: 0, rq5xx: 0 },
      });
    }
    this.applyClusters(config);
    this.routeTables = tables;
    this.retireFilterStats(hcms);
    this.outboundByPort = new Map();
    for (const l of config.listeners.values()) {
      const hcm = hcms.get(l.name);
      if (hcm && l.address === '0.0.0.0' && !l.useOriginalDst) this.outboundByPort.set(l.port, hcm);
    }
    await this.applyListeners(config.listeners, hcms);
  }

  private applyClusters(config: DataPlaneConfig): void {
    const next = new Map<string, UpstreamCluster>();
    for (const c of config.clusters.values()) {
      const prev = this.clusterMap.get(c.name);
      const cluster = prev && JSON.stringify(prev.config) === JSON.stringify(c) ? prev : new UpstreamCluster(c);
      const assignment = c.type === 'EDS' ? config.loadAssignments.get(c.edsServiceName ?? c.name) : c.loadAssignment;
      const inbound = c.name.startsWith('inbound|');
      const endpoints = (assignment?.endpoints ?? []).map((e) => (inbound && e.address === '127.0.0.1' ? { ...e, address: this.options.appHost } : e));
      for (const gone of cluster.setEndpoints(endpoints)) void gone.pool.close().catch(() => undefined);
      next.set(c.name, cluster);
      if (prev && prev !== cluster) void prev.close();
    }
    for (const [name, c] of this.clusterMap) if (!next.has(name)) void c.close();
    this.clusterMap.clear();
    for (const [k, v] of next) this.clusterMap.set(k, v);
  }

  private bindHost(l: ListenerConfig): string | undefined {
    if (l.bindToPort) return l.address === '0.0.0.0' ? this.options.listenAddress : l.address;
    return l.address === this.options.listenAddress ? this.options.listenAddress : undefined;
  }

  private async applyListeners(listeners: ReadonlyMap<string, ListenerConfig>, hcms: Map<string, HcmRuntime>): Promise<void> {
    for (const [name, b] of this.bound) {
      const l = listeners.get(name);
      if (!l || l.port !== b.config.port || this.bindHost(l) !== this.bindHost(b.config)) {
        this.bound.delete(name);
        b.server.close();
      } else {
        b.config = l;
        b.hcm = hcms.get(name);
      }
    }
    for (const l of listeners.values()) {
      const host = this.bindHost(l);
      if (host === undefined || this.bound.has(l.name)) continue;
      const entry: BoundListener = { config: l, server: undefined as unknown as NetServer, port: l.port, hcm: hcms.get(l.name), cxTotal: 0, cxActive: 0 };
      const tcp = l.filterChains.find((c) => c.network.kind === 'tcp')?.network;
      entry.server = !entry.hcm && tcp?.kind === 'tcp' ? startTcpListener(tcp, this.env.clusters) : this.httpServer(entry);
      entry.server.on('connection', (socket: Socket) => {
        entry.cxTotal++;
        entry.cxActive++;
        socket.once('close', () => entry.cxActive--);
      });
      await new Promise<void>((resolve, reject) => {
        entry.server.once('error', (err) => reject(new BindError(`listener ${l.name} cannot bind ${host}:${l.port}: ${describeError(err)}`, { cause: err })));
        entry.server.listen(l.port, host, () => resolve());
      });
      entry.port = (entry.server.address() as AddressInfo).port;
      this.bound.set(l.name, entry);
    }
  }

  private httpServer(entry: BoundListener): NetServer {
    const { server, h1 } = createSniffingServer((req, res) => this.onRequest(entry, req, res), 60 * 1024);
    h1.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const target = this.hcmFor(entry, req);
      if (!target.hcm || !target.authority) {
        socket.end(`HTTP/1.1 404 Not Found\r\nx-tsmesh-reason: no HTTP listener for ${target.authority || '(no host)'}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
        return;
      }
      void proxyUpgrade(target.hcm, this.env, req, socket, head, target.authority, target.url).catch(() => socket.destroy());
    });
    h1.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return socket.destroy();
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    });
    return server;
  }

  /** The HCM a request belongs to: the listener's own, or on the virtual listener the outbound one for the Host's port. */
  private hcmFor(entry: BoundListener, req: IncomingMessage): { hcm?: HcmRuntime; authority: string; url: string } {
    let url = req.url ?? '/';
    let authority = req.headers.host ?? (req.headers[':authority'] as string | undefined) ?? '';
    if (!entry.config.useOriginalDst) return { hcm: entry.hcm, authority, url };
    // Explicit proxy on the virtual listener: absolute-form URL or Host picks the outbound listener by port.
    if (url.startsWith('http://')) {
      const slash = url.indexOf('/', 7);
      authority = slash < 0 ? url.slice(7) : url.slice(7, slash);
      url = slash < 0 ? '/' : url.slice(slash);
    }
    const port = Number(/:(\d+)$/.exec(authority)?.[1] ?? 80);
    return { hcm: this.outboundByPort.get(port), authority, url };
  }

  private onRequest(entry: BoundListener, req: IncomingMessage, res: ServerResponse): void {
    const { hcm, authority, url } = this.hcmFor(entry, req);
    if (!hcm) {
      sendLocalReply(res, { status: 404, flags: 'NR', body: '', reason: `no HTTP listener for ${authority || '(no host)'}` });
      return;
    }
    if (!authority) {
      sendLocalReply(res, { status: 404, flags: 'NR', body: '', reason: 'request has no Host' });
      return;
    }
    void handleStream(hcm, this.env, req, res, authority, url);
  }

  clusters(): ClusterStatus[] {
    return [...this.clusterMap.values()].map((c) => ({
      name: c.config.name,
      circuitBreakers: c.breaker.stats(),
      outlierEjectionsActive: c.outlier?.ejectedCount() ?? 0,
      panic: c.panic,
      endpoints: c.allHosts().map((h) => ({
        address: h.endpoint.address,
        port: h.endpoint.port,
        health: h.endpoint.health ?? 'UNKNOWN',
        weight: h.endpoint.weight,
        rqTotal: h.rqTotal,
        rq5xx: h.rq5xx,
        rqActive: h.active,
        ejected: c.isEjected(h),
        locality: h.endpoint.locality ? `${h.endpoint.locality.region}/${h.endpoint.locality.zone}/${h.endpoint.locality.subZone}` : undefined,
      })),
    }));
  }

  listeners(): ListenerStatus[] {
    return [...this.bound.values()].map((b) => ({ name: b.config.name, address: b.config.address, port: b.port, bound: true, activeConnections: b.cxActive }));
  }

  stats(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const c of this.clusterMap.values()) {
      const p = `cluster.${c.config.name}.`;
      out[`${p}upstream_rq_total`] = c.rqTotal;
      out[`${p}upstream_rq_5xx`] = c.rq5xx;
      out[`${p}upstream_rq_active`] = c.active;
      const cb = c.breaker.stats();
      out[`${p}upstream_rq_pending_overflow`] = c.pendingOverflow;
      out[`${p}upstream_rq_retry`] = c.rqRetry;
      out[`${p}upstream_rq_retry_overflow`] = cb.overflow.retries;
      out[`${p}upstream_rq_timeout`] = c.rqTimeout;
      out[`${p}upstream_rq_pending_active`] = cb.active.pending;
      out[`${p}circuit_breakers.default.rq_open`] = cb.open.requests ? 1 : 0;
      out[`${p}circuit_breakers.default.rq_pending_open`] = cb.open.pending ? 1 : 0;
      out[`${p}circuit_breakers.default.rq_retry_open`] = cb.open.retries ? 1 : 0;
      out[`${p}outlier_detection.ejections_total`] = c.ejections;
      out[`${p}outlier_detection.ejections_active`] = c.outlier?.ejectedCount() ?? 0;
    }
    for (const b of this.bound.values()) {
      const p = `listener.${b.config.address}_${b.port}.`;
      out[`${p}downstream_cx_total`] = b.cxTotal;
      out[`${p}downstream_cx_active`] = b.cxActive;
    }
    for (const [name, v] of this.retiredFilterStats) out[name] = v;
    for (const hcm of this.hcms.values()) {
      const h = `http.${hcm.statPrefix}.`;
      const s = hcm.stats;
      out[`${h}downstream_rq_total`] = s.rqTotal;
      out[`${h}downstream_rq_2xx`] = s.rq2xx;
      out[`${h}downstream_rq_4xx`] = s.rq4xx;
      out[`${h}downstream_rq_5xx`] = s.rq5xx;
      for (const f of hcm.chain) for (const [k, v] of Object.entries(f.stats?.() ?? {})) out[`${h}${k}`] = (out[`${h}${k}`] ?? 0) + v;
    }
    return out;
  }

  /** Filter counters outlive a config change (Envoy's stats are by name): the old chains' values are kept as a base. */
  private retireFilterStats(next: Map<string, HcmRuntime>): void {
    for (const hcm of this.hcms.values()) {
      for (const f of hcm.chain) {
        for (const [k, v] of Object.entries(f.stats?.() ?? {})) {
          if (k.endsWith('active_faults')) continue;
          const name = `http.${hcm.statPrefix}.${k}`;
          this.retiredFilterStats.set(name, (this.retiredFilterStats.get(name) ?? 0) + v);
        }
      }
    }
    this.hcms = next;
  }

  async drainListeners(): Promise<void> {
    for (const b of this.bound.values()) b.server.close();
    this.bound.clear();
  }

  async close(graceMs: number): Promise<void> {
    await this.drainListeners();
    const deadline = Date.now() + graceMs;
    while (this.env.inFlight.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const res of this.env.inFlight) res.destroy();
    await Promise.all([...this.clusterMap.values()].map((c) => c.close()));
    this.clusterMap.clear();
  }
}


/** Route-level checks the request path relies on: retry_on parses, per-filter configs decode. */
function validateRoutes(config: RouteConfig): void {
  validatePerFilterConfigs(config);
  config.virtualHosts.forEach((vh, i) =>
    vh.routes.forEach((r, j) => {
      if (r.target.kind !== 'cluster') return;
      try {
        retryPolicyOf(r.target.retryPolicy);
      } catch (err) {
        if (err instanceof RetryPolicyError) throw new BadRequestError(err.message, { source: `RouteConfiguration ${config.name}`, field: `virtual_hosts[${i}].routes[${j}].route.retry_policy.retry_on` });
        throw err;
      }
    }),
  );
}
