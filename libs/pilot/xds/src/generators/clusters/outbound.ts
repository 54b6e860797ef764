import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ApiVersion } from '@tsmesh/contracts/envoy/config/core/v3/config_source';
import type { DestinationRule } from '@tsmesh/contracts/istio/networking/v1alpha3/destination_rule';
import type { ConfigEntry, Service, ServicePort } from '@tsmesh/pilot-registry';
import { outboundClusterName, type PushContext } from '../../push-context';
import { durationMs } from '../generator';
import { socketAddress } from './address';
import { applyConnectionPool, applyLoadBalancer, applyOutlierDetection, defaultOutboundCircuitBreakers, effectivePolicy } from './traffic-policy';
import { istioSni, spiffeId, TlsSettingsProblem, upstreamTransportSocket } from './tls';

/** A cluster plus the DestinationRule it was shaped by, for naming it when it is rejected. */
export interface BuiltCluster {
  readonly cluster: Cluster;
  readonly source?: string;
}

/** Config that could not be applied; the cluster is still built without the bad part. */
export interface ClusterProblem {
  readonly cluster: string;
  readonly source: string;
  readonly message: string;
}

/**
 * `outbound|<port>||<host>` for each port of `svc`, then `outbound|<port>|<subset>|<host>` for
 * each subset of the DestinationRule that applies, each shaped by the merged traffic policy.
 */
export function outboundClusters(svc: Service, rule: ConfigEntry<DestinationRule> | undefined, push: PushContext, problems: ClusterProblem[]): BuiltCluster[] {
  const source = rule ? `DestinationRule ${rule.namespace}/${rule.name}` : undefined;
  const out: BuiltCluster[] = [];
  for (const port of svc.ports) {
    const subsets = [{ name: '', policy: undefined as DestinationRule['trafficPolicy'] }, ...(rule?.spec.subsets ?? []).map((s) => ({ name: s.name, policy: s.trafficPolicy }))];
    for (const subset of subsets) {
      const cluster = baseCluster(svc, port, subset.name, push);
      if (rule) {
        const policy = effectivePolicy(rule.spec.trafficPolicy, subset.policy, port.port, port.name);
        applyLoadBalancer(cluster, policy.loadBalancer);
        applyConnectionPool(cluster, policy.connectionPool);
        applyOutlierDetection(cluster, policy.outlierDetection);
        try {
          const sans = push.registry.serviceAccounts(svc.hostname, port.port).map((sa) => spiffeId(svc.namespace, sa));
          const socket = upstreamTransportSocket(policy.tls, { sans, sni: istioSni(port.port, subset.name, svc.hostname), http2: port.protocol === 'HTTP2' || port.protocol === 'GRPC' });
          if (socket) cluster.transportSocket = socket;
        } catch (err) {
          if (!(err instanceof TlsSettingsProblem) || !source) throw err;
          problems.push({ cluster: cluster.name, source, message: err.message });
        }
      }
      out.push(source ? { cluster, source } : { cluster });
    }
  }
  return out;
}

/** The cluster before any DestinationRule: its discovery type follows the service's resolution. */
function baseCluster(svc: Service, port: ServicePort, subset: string, push: PushContext): Cluster {
  const name = outboundClusterName(port.port, subset, svc.hostname);
  const base = {
    name,
    connectTimeout: durationMs(push.mesh.connectTimeoutMs),
    lbPolicy: Cluster_LbPolicy.ROUND_ROBIN,
    circuitBreakers: defaultOutboundCircuitBreakers(),
    // Istio 1.2 speaks HTTP/2 upstream on http2 and grpc ports.
    ...(port.protocol === 'HTTP2' || port.protocol === 'GRPC' ? { http2ProtocolOptions: {} } : {}),
  };
  switch (svc.resolution) {
    case 'ClientSideLB':
      return Cluster.fromPartial({
        ...base,
        clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS },
        edsClusterConfig: { serviceName: name, edsConfig: { configSourceSpecifier: { $case: 'ads', value: {} }, resourceApiVersion: ApiVersion.V3 } },
      });
    case 'DNS':
      return Cluster.fromPartial({
        ...base,
        clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STRICT_DNS },
        loadAssignment: {
          clusterName: name,
          endpoints: [{ lbEndpoints: push.registry.endpoints(svc.hostname, port.port).map((ep) => ({ hostIdentifier: { $case: 'endpoint', value: { address: socketAddress(ep.address, ep.port) } } })) }],
        },
      });
    case 'Passthrough':
      return Cluster.fromPartial({ ...base, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST }, lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED });
  }
}
