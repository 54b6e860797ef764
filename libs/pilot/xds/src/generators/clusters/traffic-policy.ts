import type { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { Cluster_CommonLbConfig, Cluster_DiscoveryType, Cluster_LbPolicy, Cluster_RingHashLbConfig } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { CircuitBreakers } from '@tsmesh/contracts/envoy/config/cluster/v3/circuit_breaker';
import { OutlierDetection as EnvoyOutlierDetection } from '@tsmesh/contracts/envoy/config/cluster/v3/outlier_detection';
import { HttpProtocolOptions } from '@tsmesh/contracts/envoy/config/core/v3/protocol';
import { UpstreamConnectionOptions } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import {
  LoadBalancerSettings_SimpleLB,
  type ConnectionPoolSettings,
  type LoadBalancerSettings,
  type OutlierDetection,
  type TLSSettings,
  type TrafficPolicy,
} from '@tsmesh/contracts/istio/networking/v1alpha3/destination_rule';

/** The four traffic policy components after top-level, subset and port-level settings are merged. */
export interface EffectivePolicy {
  readonly loadBalancer?: LoadBalancerSettings;
  readonly connectionPool?: ConnectionPoolSettings;
  readonly outlierDetection?: OutlierDetection;
  readonly tls?: TLSSettings;
}

/** Port-level settings for `port` (by number, or by name), replacing each component they set. */
function forPort(policy: TrafficPolicy | undefined, port: number, portName: string): EffectivePolicy {
  if (!policy) return {};
  const base: EffectivePolicy = { loadBalancer: policy.loadBalancer, connectionPool: policy.connectionPool, outlierDetection: policy.outlierDetection, tls: policy.tls };
  const match = policy.portLevelSettings.find((p) => {
    const sel = p.port?.port;
    return sel?.$case === 'number' ? sel.value === port : sel?.$case === 'name' ? sel.value === portName : false;
  });
  if (!match) return base;
  return {
    loadBalancer: match.loadBalancer ?? base.loadBalancer,
    connectionPool: match.connectionPool ?? base.connectionPool,
    outlierDetection: match.outlierDetection ?? base.outlierDetection,
    tls: match.tls ?? base.tls,
  };
}

/** Istio 1.2 merge: a subset's policy replaces, component by component, the rule's top-level one. */
export function effectivePolicy(top: TrafficPolicy | undefined, subset: TrafficPolicy | undefined, port: number, portName: string): EffectivePolicy {
  const a = forPort(top, port, portName);
  if (!subset) return a;
  const b = forPort(subset, port, portName);
  return {
    loadBalancer: b.loadBalancer ?? a.loadBalancer,
    connectionPool: b.connectionPool ?? a.connectionPool,
    outlierDetection: b.outlierDetection ?? a.outlierDetection,
    tls: b.tls ?? a.tls,
  };
}

const SIMPLE_LB: Readonly<Record<number, Cluster_LbPolicy>> = {
  [LoadBalancerSettings_SimpleLB.ROUND_ROBIN]: Cluster_LbPolicy.ROUND_ROBIN,
  [LoadBalancerSettings_SimpleLB.LEAST_CONN]: Cluster_LbPolicy.LEAST_REQUEST,
  [LoadBalancerSettings_SimpleLB.RANDOM]: Cluster_LbPolicy.RANDOM,
};

/** loadBalancer → lb_policy; consistentHash → RING_HASH (the hash key itself goes on routes). */
export function applyLoadBalancer(cluster: Cluster, lb: LoadBalancerSettings | undefined): void {
  const policy = lb?.lbPolicy;
  if (!policy) return;
  if (policy.$case === 'consistentHash') {
    cluster.lbPolicy = Cluster_LbPolicy.RING_HASH;
    const min = policy.value.minimumRingSize;
    if (min && min !== '0') cluster.lbConfig = { $case: 'ringHashLbConfig', value: Cluster_RingHashLbConfig.fromPartial({ minimumRingSize: min }) };
    return;
  }
  if (policy.value === LoadBalancerSettings_SimpleLB.PASSTHROUGH) {
    // Istio 1.2: PASSTHROUGH sends to the original destination, without EDS.
    cluster.lbPolicy = Cluster_LbPolicy.CLUSTER_PROVIDED;
    cluster.clusterDiscoveryType = { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST };
    cluster.edsClusterConfig = undefined;
    return;
  }
  cluster.lbPolicy = SIMPLE_LB[policy.value] ?? Cluster_LbPolicy.ROUND_ROBIN;
}

/**
 * Istio 1.2's default outbound circuit breaker: max_retries 1024 instead of Envoy's 3, which
 * turns pod churn into client-facing 503s before new endpoints arrive (cluster.go).
 */
export const DEFAULT_OUTBOUND_MAX_RETRIES = 1024;

export function defaultOutboundCircuitBreakers(): CircuitBreakers {
  return CircuitBreakers.fromPartial({ thresholds: [{ priority: 0, maxRetries: DEFAULT_OUTBOUND_MAX_RETRIES }] });
}

/** connectionPool → circuit breaker thresholds (over the outbound default), connect/idle timeouts, requests per connection, keepalive. */
export function applyConnectionPool(cluster: Cluster, pool: ConnectionPoolSettings | undefined): void {
  if (!pool) return;
  const threshold: { priority: number; maxConnections?: number; maxPendingRequests?: number; maxRequests?: number; maxRetries?: number } = { priority: 0, maxRetries: DEFAULT_OUTBOUND_MAX_RETRIES };
  const { tcp, http } = pool;
  if (http) {
    if (http.http1MaxPendingRequests > 0) threshold.maxPendingRequests = http.http1MaxPendingRequests;
    if (http.http2MaxRequests > 0) threshold.maxRequests = http.http2MaxRequests;
    if (http.maxRetries > 0) threshold.maxRetries = http.maxRetries;
    if (http.maxRequestsPerConnection > 0) cluster.maxRequestsPerConnection = http.maxRequestsPerConnection;
    if (http.idleTimeout) cluster.commonHttpProtocolOptions = HttpProtocolOptions.fromPartial({ idleTimeout: http.idleTimeout });
  }
  if (tcp) {
    if (tcp.maxConnections > 0) threshold.maxConnections = tcp.maxConnections;
    if (tcp.connectTimeout) cluster.connectTimeout = tcp.connectTimeout;
    const ka = tcp.tcpKeepalive;
    if (ka) {
      cluster.upstreamConnectionOptions = UpstreamConnectionOptions.fromPartial({
        tcpKeepalive: {
          keepaliveProbes: ka.probes > 0 ? ka.probes : undefined,
          keepaliveTime: ka.time ? Number(ka.time.seconds) : undefined,
          keepaliveInterval: ka.interval ? Number(ka.interval.seconds) : undefined,
        },
      });
    }
  }
  cluster.circuitBreakers = CircuitBreakers.fromPartial({ thresholds: [threshold] });
}

/**
 * outlierDetection, Istio 1.2 mapping: consecutiveErrors counts gateway errors only (502/503/504,
 * istio/api#617) → consecutive_gateway_failure enforced at 100 %, consecutive_5xx enforcement off;
 * interval, baseEjectionTime, maxEjectionPercent; minHealthPercent → the healthy panic threshold.
 */
export function applyOutlierDetection(cluster: Cluster, od: OutlierDetection | undefined): void {
  if (!od) return;
  cluster.outlierDetection = EnvoyOutlierDetection.fromPartial({
    ...(od.consecutiveErrors > 0 ? { consecutiveGatewayFailure: od.consecutiveErrors, enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0 } : {}),
    ...(od.interval ? { interval: od.interval } : {}),
    ...(od.baseEjectionTime ? { baseEjectionTime: od.baseEjectionTime } : {}),
    ...(od.maxEjectionPercent > 0 ? { maxEjectionPercent: od.maxEjectionPercent } : {}),
  });
  if (od.minHealthPercent > 0) {
    cluster.commonLbConfig = Cluster_CommonLbConfig.fromPartial({ healthyPanicThreshold: { value: od.minHealthPercent } });
  }
}
