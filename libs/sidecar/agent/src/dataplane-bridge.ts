import type { AdminClusterStatus } from '@tsmesh/sidecar-admin';
import type { DataPlane } from '@tsmesh/sidecar-dataplane';
import { listenerFromProto, routeConfigFromProto, type XdsSnapshot } from '@tsmesh/sidecar-xds-client';
import type { SidecarDataPlane } from './data-plane';

/**
 * Puts the data path behind the agent's SidecarDataPlane: the ADS snapshot keeps listeners and
 * routes as protos (for /config_dump); here they become the data path's domain types. A
 * conversion error is a BadRequestError naming the resource, so the ADS client NACKs it.
 */
export function bridgeDataPlane(dataPlane: DataPlane): SidecarDataPlane {
  return {
    apply: (snapshot: XdsSnapshot) =>
      dataPlane.apply({
        listeners: new Map([...snapshot.listeners].map(([name, l]) => [name, listenerFromProto(l.proto)])),
        routes: new Map([...snapshot.routes].map(([name, r]) => [name, routeConfigFromProto(r.proto)])),
        clusters: snapshot.clusters,
        loadAssignments: snapshot.loadAssignments,
      }),
    clusters: (): AdminClusterStatus[] =>
      dataPlane.clusters().map((c) => ({
        name: c.name,
        circuitBreakers: c.circuitBreakers,
        outlierEjectionsActive: c.outlierEjectionsActive,
        hosts: c.endpoints.map((e) => ({
          address: e.address,
          port: e.port,
          healthy: (e.health === 'HEALTHY' || e.health === 'UNKNOWN') && !e.ejected,
          weight: e.weight,
          stats: { rq_total: e.rqTotal, rq_error: e.rq5xx, rq_active: e.rqActive },
        })),
      })),
    stats: () => dataPlane.stats(),
    drainListeners: () => dataPlane.drainListeners(),
    close: (graceMs: number) => dataPlane.close(graceMs),
  };
}
