import type { AddressInfo } from 'node:net';
import type { Meter, Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { BindError, describeError } from '@tsmesh/shared-errors';
import { RouteTable } from '@tsmesh/sidecar-filters';
import type { CircuitBreakerStats } from '@tsmesh/sidecar-resilience';
import type { ClusterConfig, ListenerConfig, LoadAssignment, RouteConfig } from '@tsmesh/sidecar-xds-client';
import type { HcmRuntime, StreamEnv } from './http-stream';
import { listenerRuntime, validateRoutes } from './listener-runtime';
import { ListenerServer, type ListenerRuntime } from './listener-server';
import type { RequestRecord } from './request-record';
import { UpstreamCluster } from './upstream-cluster';
import { batchedLineWriter } from './access-log-writer';

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
  /** Envoy's global_downstream_max_connections; default 16384. */
  maxDownstreamConnections?: number;
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

/** The sidecar data path: listeners → HCM filter chain → router → cluster load balancer → undici pools. */
export class DataPlane {
  private clusterMap = new Map<string, UpstreamCluster>();
  private routeTables = new Map<string, RouteTable>();
  /** Outbound HCMs by destination port, for the virtual listener's explicit-proxy requests. */
  private outboundByPort = new Map<number, HcmRuntime>();
  private bound = new Map<string, ListenerServer>();
  private runtimes = new Map<string, ListenerRuntime>();
  private hcms = new Map<string, HcmRuntime>();
  private readonly retiredFilterStats = new Map<string, number>();
  private readonly env: StreamEnv & { clusters: Map<string, UpstreamCluster> };

  constructor(private readonly options: DataPlaneOptions) {
    this.env = {
      clusters: this.clusterMap,
      tracer: options.tracer,
      accessLog: options.accessLog ?? batchedLineWriter((chunk) => process.stdout.write(chunk)),
      inFlight: new Set(),
      onComplete: options.onRequestComplete,
      connections: { active: 0, max: options.maxDownstreamConnections ?? 16_384, overflow: 0 },
      draining: false,
    };
  }

  async apply(config: DataPlaneConfig): Promise<void> {
    // Validate and build everything first: a failure must change nothing.
    for (const r of config.routes.values()) validateRoutes(r);
    const tables = new Map([...config.routes].map(([name, r]) => [name, new RouteTable(r)]));
    const runtimes = new Map<string, ListenerRuntime>();
    for (const l of config.listeners.values()) {
      runtimes.set(l.name, listenerRuntime(l, { routes: (name) => this.routeTables.get(name), previous: (key) => this.hcms.get(key) }));
    }
    const hcms = new Map<string, HcmRuntime>();
    for (const r of runtimes.values()) {
      for (const c of r.chains) if (c.hcm) hcms.set(c.hcm.key, c.hcm);
      if (r.passthrough) hcms.set(r.passthrough.key, r.passthrough);
    }
    this.applyClusters(config);
    this.routeTables = tables;
    this.retireFilterStats(hcms);
    this.runtimes = runtimes;
    this.outboundByPort = new Map();
    for (const r of runtimes.values()) {
      const hcm = r.chains.find((c) => c.hcm)?.hcm;
      if (hcm && r.config.address === '0.0.0.0' && !r.config.useOriginalDst && !r.config.bindToPort) this.outboundByPort.set(r.config.port, hcm);
    }
    await this.applyListeners(runtimes);
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

  private async applyListeners(runtimes: ReadonlyMap<string, ListenerRuntime>): Promise<void> {
    for (const [name, b] of this.bound) {
      const r = runtimes.get(name);
      if (!r || r.config.port !== b.runtime.config.port || this.bindHost(r.config) !== this.bindHost(b.runtime.config)) {
        this.bound.delete(name);
        b.server.close();
      } else b.runtime = r;
    }
    for (const r of runtimes.values()) {
      const l = r.config;
      const host = this.bindHost(l);
      if (host === undefined || this.bound.has(l.name)) continue;
      const entry = new ListenerServer(r, this.env, (port) => this.outboundByPort.get(port));
      await new Promise<void>((resolve, reject) => {
        entry.server.once('error', (err) => reject(new BindError(`listener ${l.name} cannot bind ${host}:${l.port}: ${describeError(err)}`, { cause: err })));
        entry.server.listen(l.port, host, () => resolve());
      });
      entry.port = (entry.server.address() as AddressInfo).port;
      this.bound.set(l.name, entry);
    }
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
    return [...this.bound.values()].map((b) => ({ name: b.runtime.config.name, address: b.runtime.config.address, port: b.port, bound: true, activeConnections: b.cxActive }));
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
      const p = `listener.${b.runtime.config.address}_${b.port}.`;
      out[`${p}downstream_cx_total`] = b.cxTotal;
      out[`${p}downstream_cx_active`] = b.cxActive;
    }
    out['server.total_connections'] = this.env.connections.active;
    out['overload.global_downstream_max_connections.overflow'] = this.env.connections.overflow;
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

  /**
   * Stops accepting and starts closing connections: from now on HTTP/1.1 responses carry
   * `connection: close` and idle keep-alive connections are closed, HTTP/2 sessions get GOAWAY,
   * so clients move to other endpoints while requests in flight still finish.
   */
  async drainListeners(): Promise<void> {
    this.env.draining = true;
    for (const b of this.bound.values()) b.drain();
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
