import { type Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { BadRequestError } from '@tsmesh/shared-errors';

export type ClusterType = 'STATIC' | 'STRICT_DNS' | 'LOGICAL_DNS' | 'EDS' | 'ORIGINAL_DST';
export type LbPolicy = 'ROUND_ROBIN' | 'LEAST_REQUEST' | 'RANDOM' | 'RING_HASH' | 'MAGLEV' | 'CLUSTER_PROVIDED';

/** The sidecar's view of an Envoy Cluster; protos stop at this edge. */
export interface ClusterConfig {
  readonly name: string;
  readonly type: ClusterType;
  /** The name to request over EDS (eds_cluster_config.service_name, or the cluster name). */
  readonly edsServiceName?: string;
  readonly connectTimeoutMs: number;
  readonly lbPolicy: LbPolicy;
}

const TYPES: Readonly<Partial<Record<Cluster_DiscoveryType, ClusterType>>> = {
  [Cluster_DiscoveryType.STATIC]: 'STATIC',
  [Cluster_DiscoveryType.STRICT_DNS]: 'STRICT_DNS',
  [Cluster_DiscoveryType.LOGICAL_DNS]: 'LOGICAL_DNS',
  [Cluster_DiscoveryType.EDS]: 'EDS',
  [Cluster_DiscoveryType.ORIGINAL_DST]: 'ORIGINAL_DST',
};

const LB: Readonly<Partial<Record<Cluster_LbPolicy, LbPolicy>>> = {
  [Cluster_LbPolicy.ROUND_ROBIN]: 'ROUND_ROBIN',
  [Cluster_LbPolicy.LEAST_REQUEST]: 'LEAST_REQUEST',
  [Cluster_LbPolicy.RANDOM]: 'RANDOM',
  [Cluster_LbPolicy.RING_HASH]: 'RING_HASH',
  [Cluster_LbPolicy.MAGLEV]: 'MAGLEV',
  [Cluster_LbPolicy.CLUSTER_PROVIDED]: 'CLUSTER_PROVIDED',
};

/** Converts and validates a Cluster; anything the sidecar can't apply is a BadRequestError with a field path. */
export function clusterFromProto(cluster: Cluster): ClusterConfig {
  const where = { source: `Cluster ${cluster.name || '(unnamed)'}` };
  if (!cluster.name) throw new BadRequestError('cluster has no name', { ...where, field: 'name' });
  const discovery = cluster.clusterDiscoveryType;
  if (discovery?.$case !== 'type') {
    throw new BadRequestError('custom cluster types are not supported', { ...where, field: 'cluster_discovery_type' });
  }
  const type = TYPES[discovery.value];
  if (!type) throw new BadRequestError(`unsupported cluster type ${discovery.value}`, { ...where, field: 'type' });
  const lbPolicy = LB[cluster.lbPolicy];
  if (!lbPolicy) throw new BadRequestError(`unsupported lb_policy ${cluster.lbPolicy}`, { ...where, field: 'lb_policy' });
  if (type === 'EDS' && cluster.edsClusterConfig?.edsConfig?.configSourceSpecifier?.$case !== 'ads') {
    throw new BadRequestError('EDS clusters must use ADS as their config source', { ...where, field: 'eds_cluster_config.eds_config' });
  }
  const timeout = cluster.connectTimeout;
  const connectTimeoutMs = timeout ? Number(timeout.seconds) * 1000 + Math.floor(timeout.nanos / 1e6) : 5000;
  return {
    name: cluster.name,
    type,
    edsServiceName: type === 'EDS' ? cluster.edsClusterConfig?.serviceName || cluster.name : undefined,
    connectTimeoutMs,
    lbPolicy,
  };
}
