import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType, Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import type { Proxy } from '../proxy';
import type { Service } from '@tsmesh/pilot-registry';
import { memoized, type PushContext } from '../push-context';
import { proxyConfigKey } from '../scope/config-key';
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

// A cluster shared by many proxies (see sharedOutboundClusters) is encoded once.
const packed = new WeakMap<BuiltCluster, GeneratedResource>();

function pack(built: BuiltCluster): GeneratedResource {
  let out = packed.get(built);
  if (!out) {
    const { cluster, source } = built;
    const resource = { typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(cluster).finish()) };
    out = source ? { name: cluster.name, resource, source } : { name: cluster.name, resource };
    packed.set(built, out);
  }
  return out;
}

/**
 * The outbound clusters of one service depend only on the service and the DestinationRule that
 * applies: built once per push for every proxy that sees the same pair.
 */
function sharedOutboundClusters(svc: Service, proxyNamespace: string, push: PushContext): { clusters: BuiltCluster[]; problems: ClusterProblem[] } {
  const rule = destinationRuleFor(push, proxyNamespace, svc.hostname);
  const key = `cds-svc|${svc.hostname}|${rule ? `${rule.namespace}/${rule.name}@${rule.version}` : '-'}`;
  return memoized(push, key, () => {
    const problems: ClusterProblem[] = [];
    return { clusters: outboundClusters(svc, rule, push, problems), problems };
  });
}

/**
 * Every cluster of one proxy, with the config problems met on the way (a DestinationRule part
 * that would make a cluster invalid is left out and reported, naming the rule).
 */
export function buildClusters(proxy: Proxy, push: PushContext): { clusters: BuiltCluster[]; problems: ClusterProblem[] } {
  // Shared by the CDS push and the config-problem report of every proxy with this key.
  return memoized(push, `build-cds|${proxyConfigKey(proxy, push)}`, () => buildClustersOnce(proxy, push));
}

function buildClustersOnce(proxy: Proxy, push: PushContext): { clusters: BuiltCluster[]; problems: ClusterProblem[] } {
  const problems: ClusterProblem[] = [];
  const clusters: BuiltCluster[] = [];
  for (const svc of servicesVisibleTo(proxy, push)) {
    const shared = sharedOutboundClusters(svc, proxy.namespace, push);
    clusters.push(...shared.clusters);
    problems.push(...shared.problems);
  }
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
