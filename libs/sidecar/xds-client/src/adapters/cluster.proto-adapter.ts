import { type Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { BadRequestError } from '@tsmesh/shared-errors';
import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { UpstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import { loadAssignmentFromProto, type LoadAssignment } from './endpoint.proto-adapter';
import { durationToMs } from './route.proto-adapter';
import { type CircuitBreakerThresholds, DEFAULT_THRESHOLDS, type OutlierDetectionConfig } from '@tsmesh/sidecar-resilience';

// The resilience lib owns these shapes; the adapter fills them from the Cluster proto.
export type { CircuitBreakerThresholds, OutlierDetectionConfig };

export interface UpstreamTlsConfig {
  readonly sni?: string;
  readonly alpn: readonly string[];
}

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
  readonly circuitBreakers?: CircuitBreakerThresholds;
  readonly outlierDetection?: OutlierDetectionConfig;
  /** common_lb_config.healthy_panic_threshold (Envoy default 50 %). */
  readonly panicThresholdPercent: number;
  /** max_requests_per_connection: 0 means unlimited. */
  readonly maxRequestsPerConnection: number;
  /** common_http_protocol_options.idle_timeout for upstream connections (Envoy default 1 h). */
  readonly idleTimeoutMs: number;
  readonly ringHash?: { readonly minimumRingSize: number; readonly maximumRingSize: number };
  readonly tls?: UpstreamTlsConfig;
  /** STATIC / STRICT_DNS clusters carry their endpoints inline. */
  readonly loadAssignment?: LoadAssignment;
  /** HTTP/2 to the upstream (http2_protocol_options set), as for gRPC or inbound h2 apps. */
  readonly http2: boolean;
}


function thresholdsFromProto(cluster: Cluster): CircuitBreakerThresholds | undefined {
  // Only the DEFAULT priority (0) is routed by the sidecar; HIGH would need route priority support.
  const t = cluster.circuitBreakers?.thresholds.find((x) => x.priority === 0);
  if (!t) return undefined;
  return {
    maxConnections: t.maxConnections ?? DEFAULT_THRESHOLDS.maxConnections,
    maxPendingRequests: t.maxPendingRequests ?? DEFAULT_THRESHOLDS.maxPendingRequests,
    maxRequests: t.maxRequests ?? DEFAULT_THRESHOLDS.maxRequests,
    maxRetries: t.maxRetries ?? DEFAULT_THRESHOLDS.maxRetries,
  };
}

function outlierFromProto(cluster: Cluster): OutlierDetectionConfig | undefined {
  const o = cluster.outlierDetection;
  if (!o) return undefined;
  return {
    consecutive5xx: o.consecutive5xx ?? 5,
    enforcingConsecutive5xx: o.enforcingConsecutive5xx ?? 100,
    consecutiveGatewayFailure: o.consecutiveGatewayFailure ?? 5,
    enforcingConsecutiveGatewayFailure: o.enforcingConsecutiveGatewayFailure ?? 0,
    intervalMs: durationToMs(o.interval) ?? 10_000,
    baseEjectionTimeMs: durationToMs(o.baseEjectionTime) ?? 30_000,
    maxEjectionPercent: o.maxEjectionPercent ?? 10,
  };
}

function tlsFromProto(cluster: Cluster, where: { source: string }): UpstreamTlsConfig | undefined {
  const socket = cluster.transportSocket;
  if (!socket) return undefined;
  const any = socket.configType?.value;
  if (any?.typeUrl !== EnvoyTypeUrl.UpstreamTlsContext) {
    throw new BadRequestError(`unsupported transport socket ${socket.name}`, { ...where, field: 'transport_socket' });
  }
  const ctx = UpstreamTlsContext.decode(any.value);
  return { sni: ctx.sni || undefined, alpn: ctx.commonTlsContext?.alpnProtocols ?? [] };
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
    circuitBreakers: thresholdsFromProto(cluster),
    outlierDetection: outlierFromProto(cluster),
    panicThresholdPercent: cluster.commonLbConfig?.healthyPanicThreshold?.value ?? 50,
    maxRequestsPerConnection: cluster.maxRequestsPerConnection ?? 0,
    idleTimeoutMs: durationToMs(cluster.commonHttpProtocolOptions?.idleTimeout) ?? 3_600_000,
    ringHash:
      cluster.lbConfig?.$case === 'ringHashLbConfig'
        ? { minimumRingSize: Number(cluster.lbConfig.value.minimumRingSize ?? 1024), maximumRingSize: Number(cluster.lbConfig.value.maximumRingSize ?? 8_388_608) }
        : undefined,
    tls: tlsFromProto(cluster, where),
    loadAssignment: (type === 'STATIC' || type === 'STRICT_DNS') && cluster.loadAssignment ? loadAssignmentFromProto({ ...cluster.loadAssignment, clusterName: cluster.name }) : undefined,
    http2: cluster.http2ProtocolOptions !== undefined || cluster.typedExtensionProtocolOptions['envoy.extensions.upstreams.http.v3.HttpProtocolOptions'] !== undefined,
  };
}
