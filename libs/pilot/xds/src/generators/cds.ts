import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import type { Proxy } from '../proxy';
import type { PushContext } from '../push-context';
import { destinationRuleFor } from '../scope/destination-rules';
import { servicesVisibleTo } from '../scope/visibility';
import { inboundClusters } from './clusters/inbound';
import { outboundClusters, type BuiltCluster, type ClusterProblem } from './clusters/outbound';
import { durationMs, type GeneratedResource, type XdsGenerator } from './generator';

export { socketAddress } from './clusters/address';
export { inboundClusterName } from './clusters/inbound';
export type { ClusterProblem } from './clusters/outbound';

export const BLACKHOLE_CLUSTER = 'BlackHoleCluster';
export const PASSTHROUGH_CLUSTER = 'PassthroughCluster';

function pack({ cluster, source }: BuiltCluster): GeneratedResource {
  const resource = { typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(cluster).finish()) };
  return source ? { name: cluster.name, resource, source } : { name: cluster.name, resource };
}

/**
 * Every cluster of one proxy, with the config problems met on the way (a DestinationRule part
 * that would make a cluster invalid is left out and reported, naming the rule).
 */
export function buildClusters(proxy: Proxy, push: PushContext): { clusters: BuiltCluster[]; problems: ClusterProblem[] } {
  const problems: ClusterProblem[] = [];
  const clusters: BuiltCluster[] = servicesVisibleTo(proxy, push).flatMap((svc) => outboundClusters(svc, destinationRuleFor(push, proxy.namespace, svc.hostname), push, problems));
  clusters.push(...inboundClusters(proxy, push).map((cluster) => ({ cluster })));
  clusters.push(
    { cluster: Cluster.fromPartial({ name: BLACKHOLE_CLUSTER, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.STATIC }, connectTimeout: durationMs(push.mesh.connectTimeoutMs) }) },
    {
      cluster: Cluster.fromPartial({
        name: PASSTHROUGH_CLUSTER,
        clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.ORIGINAL_DST },
        lbPolicy: Cluster_LbPolicy.CLUSTER_PROVIDED,
        connectTimeout: durationMs(push.mesh.connectTimeoutMs),
      }),
    },
  );
  return { clusters, problems };
}

/** Problems in the config this proxy's clusters come from, for pilot to log before a push. */
export function clusterProblems(proxy: Proxy, push: PushContext): ClusterProblem[] {
  return buildClusters(proxy, push).problems;
}

/**
 * CDS: `outbound|<port>|<subset>|<host>` for every visible service port and DestinationRule
 * subset, `inbound|<port>|<name>|<host>` for the proxy's own instances, and Istio's two fallbacks.
 */
export const cdsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.Cluster,
  namedResources: false,
  generate(proxy, push) {
    return buildClusters(proxy, push).clusters.map(pack);
  },
};
