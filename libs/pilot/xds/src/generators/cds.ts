import { XdsTypeUrl } from '@tsmesh/contracts';
import {
  Cluster,
  Cluster_DiscoveryType,
  Cluster_LbPolicy,
} from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import type { Service } from '@tsmesh/pilot-registry';
import { outboundClusterName, type PushContext } from '../push-context';
import { ApiVersion } from '@tsmesh/contracts/envoy/config/core/v3/config_source';
import { durationMs, type GeneratedResource, type XdsGenerator } from './generator';

export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';

function pack(cluster: Cluster): GeneratedResource {
  return { name: cluster.name, resource: { typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(cluster).finish()) } };
}

/** Outbound clusters `outbound|<port>||<host>` for every service port, plus Istio's two fallbacks. */
export const cdsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.Cluster,
  namedResources: false,
  generate(_proxy, push) {
    const clusters = push.registry.services().flatMap((svc) => outboundClusters(svc, push));
    clusters.push(
      Cluster.fromPartial({ name: BLACKHOLE_CLUSTER, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STATIC }, connectTimeout: durationMs(push.mesh.connectTimeoutMs) }),
      Cluster.fromPartial({
        name: PASSTHROUGH_CLUSTER,
        clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST },
        lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED,
        connectTimeout: durationMs(push.mesh.connectTimeoutMs),
      }),
    );
    return clusters.map(pack);
  },
};

function outboundClusters(svc: Service, push: PushContext): Cluster[] {
  return svc.ports.map((port) => {
    const name = outboundClusterName(port.port, '', svc.hostname);
    const base = { name, connectTimeout: durationMs(push.mesh.connectTimeoutMs), lbPolicy: Cluster_LbPolicy.ROUND_ROBIN };
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
          loadAssignment: { clusterName: name, endpoints: [{ lbEndpoints: push.registry.endpoints(svc.hostname, port.port).map((ep) => ({ hostIdentifier: { $case: 'endpoint', value: { address: socketAddress(ep.address, ep.port) } } })) }] },
        });
      case 'Passthrough':
        return Cluster.fromPartial({ ...base, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST }, lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED });
    }
  });
}

export function socketAddress(address: string, port: number) {
  return { address: { $case: 'socketAddress' as const, value: { address, portSpecifier: { $case: 'portValue' as const, value: port } } } };
}
