import type { XdsSnapshot } from '@tsmesh/sidecar-xds-client';

/** One upstream host as /clusters shows it. */
export interface AdminHostStatus {
  readonly address: string;
  readonly port: number;
  readonly healthy: boolean;
  readonly weight: number;
  readonly locality?: { readonly region?: string; readonly zone?: string; readonly subZone?: string };
  /** Per-host counters/gauges, e.g. cx_active, rq_total, rq_error. */
  readonly stats: Readonly<Record<string, number>>;
}

export interface AdminClusterStatus {
  readonly name: string;
  readonly hosts: readonly AdminHostStatus[];
  /** Default-priority thresholds, and what is in use or overflowed now (Envoy's circuit-breaker stats). */
  readonly circuitBreakers?: {
    readonly thresholds: { readonly maxConnections: number; readonly maxPendingRequests: number; readonly maxRequests: number; readonly maxRetries: number };
    readonly overflow: { readonly connections: number; readonly pending: number; readonly requests: number; readonly retries: number };
    readonly active: { readonly connections: number; readonly pending: number; readonly requests: number; readonly retries: number };
  };
  readonly outlierEjectionsActive?: number;
}

/** Envoy's server states as /ready and /server_info report them. */
export type ServerState = 'PRE_INITIALIZING' | 'INITIALIZING' | 'LIVE' | 'DRAINING';

/** What the admin API reads from and acts on; the agent wires the ADS client and data plane in. */
export interface AdminSource {
  /** The config in force (what /config_dump shows). */
  snapshot(): XdsSnapshot;
  clusters(): readonly AdminClusterStatus[];
  /** Envoy-named stats, e.g. `cluster.<name>.upstream_rq_total`. */
  stats(): Readonly<Record<string, number>>;
  state(): ServerState;
  drainListeners(): Promise<void>;
  /** Exits the sidecar cleanly (/quitquitquit). Called after the response is sent. */
  quit(): void;
  readonly node: { readonly id: string; readonly cluster: string; readonly metadata: Readonly<Record<string, unknown>> };
  readonly version: string;
  readonly startedAt: Date;
}
