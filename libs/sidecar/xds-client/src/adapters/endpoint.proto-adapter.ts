import type { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { BadRequestError } from '@tsmesh/shared-errors';

export interface UpstreamEndpoint {
  readonly address: string;
  readonly port: number;
  readonly weight: number;
  /** Absent when EDS says UNKNOWN (the common case): routable, like HEALTHY. */
  readonly health?: 'HEALTHY' | 'UNHEALTHY' | 'DRAINING';
  readonly locality?: { readonly region: string; readonly zone: string; readonly subZone: string };
  readonly localityWeight?: number;
  /** Absent for priority 0. */
  readonly priority?: number;
}

const HEALTH = [undefined, 'HEALTHY', 'UNHEALTHY', 'DRAINING'] as const;
function healthOf(status: number): UpstreamEndpoint['health'] {
  // TIMEOUT (4) counts as unhealthy and DEGRADED (5) as healthy, as Envoy's LB does.
  if (status === 4) return 'UNHEALTHY';
  return status < HEALTH.length ? HEALTH[status] : 'HEALTHY';
}

export interface LoadAssignment {
  readonly clusterName: string;
  readonly endpoints: readonly UpstreamEndpoint[];
}

export function loadAssignmentFromProto(cla: ClusterLoadAssignment): LoadAssignment {
  const source = `ClusterLoadAssignment ${cla.clusterName || '(unnamed)'}`;
  if (!cla.clusterName) throw new BadRequestError('missing cluster_name', { source, field: 'cluster_name' });
  const endpoints: UpstreamEndpoint[] = [];
  cla.endpoints.forEach((locality, i) => {
    locality.lbEndpoints.forEach((lbEndpoint, j) => {
      const field = `endpoints[${i}].lb_endpoints[${j}].endpoint.address.socket_address`;
      const host = lbEndpoint.hostIdentifier;
      const socket = host?.$case === 'endpoint' && host.value.address?.address?.$case === 'socketAddress' ? host.value.address.address.value : undefined;
      if (!socket) throw new BadRequestError('only socket-address endpoints are supported', { source, field });
      if (socket.portSpecifier?.$case !== 'portValue') throw new BadRequestError('endpoint needs a port_value', { source, field: `${field}.port_value` });
      const port = socket.portSpecifier.value;
      if (!socket.address || port <= 0 || port > 65535) throw new BadRequestError(`bad endpoint ${socket.address}:${port}`, { source, field });
      const l = locality.locality;
      endpoints.push({
        address: socket.address,
        port,
        weight: lbEndpoint.loadBalancingWeight ?? 1,
        health: healthOf(lbEndpoint.healthStatus),
        locality: l ? { region: l.region, zone: l.zone, subZone: l.subZone } : undefined,
        localityWeight: locality.loadBalancingWeight,
        priority: locality.priority || undefined,
      });
    });
  });
  return { clusterName: cla.clusterName, endpoints };
}
