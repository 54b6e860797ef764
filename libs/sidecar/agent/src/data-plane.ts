import type { AdminClusterStatus } from '@tsmesh/sidecar-admin';
import type { XdsSnapshot } from '@tsmesh/sidecar-xds-client';

/**
 * What the agent needs from the data path (`@tsmesh/sidecar-dataplane`'s DataPlane, bridged
 * so its domain types stay on its side). `apply` throws a BadRequestError naming the resource
 * and changes nothing; the ADS client then NACKs the response that produced the snapshot.
 */
export interface SidecarDataPlane {
  apply(snapshot: XdsSnapshot): Promise<void>;
  clusters(): readonly AdminClusterStatus[];
  stats(): Readonly<Record<string, number>>;
  /** Stops accepting new connections; in-flight requests continue. */
  drainListeners(): Promise<void>;
  /** Resolves once in-flight requests finished, or after `graceMs` with them cut. */
  close(graceMs: number): Promise<void>;
}

/** Without a data plane, /clusters shows pilot's endpoints as Envoy would before any traffic. */
export function clustersFromSnapshot(snapshot: XdsSnapshot): AdminClusterStatus[] {
  return [...snapshot.clusters.values()].map((c) => ({
    name: c.name,
    hosts: (snapshot.loadAssignments.get(c.edsServiceName ?? c.name)?.endpoints ?? []).map((e) => ({
      address: e.address,
      port: e.port,
      healthy: true,
      weight: e.weight,
      stats: { cx_active: 0, cx_connect_fail: 0, cx_total: 0, rq_active: 0, rq_error: 0, rq_success: 0, rq_timeout: 0, rq_total: 0 },
    })),
  }));
}
