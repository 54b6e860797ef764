import { XdsTypeUrl } from '@tsmesh/contracts';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import type { LocalityLbEndpoints } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint_components';
import type { ServiceEndpoint } from '@tsmesh/pilot-registry';
import type { Proxy } from '../proxy';
import { memoized, parseClusterName, type PushContext } from '../push-context';
import { destinationRuleFor } from '../scope/destination-rules';
import { localityLbEndpoints, parseLocality } from './endpoints/locality';
import { applyLocalityDistribute, applyLocalityFailover, type Locality, type LocalityLbSetting } from './endpoints/locality-lb';
import { effectivePolicy } from './clusters/traffic-policy';
import type { GeneratedResource, XdsGenerator } from './generator';

/**
 * ClusterLoadAssignments for the EDS clusters a proxy asked for. Subset clusters keep only the
 * endpoints carrying the subset's labels. Unknown names get an empty assignment, so the proxy
 * learns the cluster has no endpoints instead of waiting (Envoy needs one to finish warming).
 */
export const edsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  namedResources: true,
  generate(proxy, push, names) {
    return names.map((name) => sharedLoadAssignment(name, proxy, push));
  },
};

export function endpointsOfCluster(clusterName: string, proxy: Proxy, push: PushContext): readonly ServiceEndpoint[] {
  const parsed = parseClusterName(clusterName);
  if (parsed?.direction !== 'outbound') return [];
  const endpoints = push.registry.endpoints(parsed.hostname, parsed.port);
  if (!parsed.subset) return endpoints;
  const subset = destinationRuleFor(push, proxy.namespace, parsed.hostname)?.spec.subsets.find((s) => s.name === parsed.subset);
  if (!subset) return [];
  const wanted = Object.entries(subset.labels);
  return endpoints.filter((ep) => wanted.every(([k, v]) => ep.labels[k] === v));
}

/**
 * A ClusterLoadAssignment depends on the cluster name, for a subset on the DestinationRule that
 * defines the subset, and (with locality load balancing) on the proxy's locality and on the
 * DestinationRule's outlierDetection: encoded once per push for all proxies that share them.
 */
function sharedLoadAssignment(name: string, proxy: Proxy, push: PushContext): GeneratedResource {
  const parsed = parseClusterName(name);
  // The locality actually used, not just the node's: proxies without one take their instances'.
  const locality = push.mesh.localityLbEnabled ? (proxy.locality ?? instanceLocality(proxy, push)) : undefined;
  const rule = parsed && (parsed.subset || locality) ? destinationRuleFor(push, proxy.namespace, parsed.hostname) : undefined;
  const key = `eds-cla|${name}|${rule ? `${rule.namespace}/${rule.name}@${rule.version}` : '-'}|${locality ? JSON.stringify(locality) : '-'}`;
  return memoized(push, key, () => {
    const cla = loadAssignment(name, proxy, push, locality);
    return { name, resource: { typeUrl: XdsTypeUrl.ClusterLoadAssignment, value: Buffer.from(ClusterLoadAssignment.encode(cla).finish()) } };
  });
}

function loadAssignment(clusterName: string, proxy: Proxy, push: PushContext, locality: Locality | undefined): ClusterLoadAssignment {
  const endpoints = endpointsOfCluster(clusterName, proxy, push);
  const groups = localityLbEndpoints(endpoints);
  if (locality) applyLocalityLbSetting(locality, groups, push.mesh.localityLbSetting, () => hasOutlierDetection(clusterName, proxy, push));
  return ClusterLoadAssignment.fromPartial({ clusterName, endpoints: groups });
}

/**
 * Istio 1.2's ApplyLocalityLBSetting: the mesh's `distribute` rules when it has any (weights,
 * whatever the DestinationRule says), else proximity priorities steered by its `failover` rules;
 * failover only for clusters with outlierDetection, since without it a proxy never marks the
 * local endpoints unhealthy and so never moves to the next priority.
 */
function applyLocalityLbSetting(locality: Locality, groups: LocalityLbEndpoints[], setting: LocalityLbSetting | undefined, outlierDetection: () => boolean): void {
  if (setting?.distribute?.length) applyLocalityDistribute(locality, groups, setting.distribute);
  else if (outlierDetection()) applyLocalityFailover(locality, groups, setting?.failover);
}

/** Istio 1.2: without a node locality, the proxy's own service instances say where it runs. */
function instanceLocality(proxy: Proxy, push: PushContext): Locality | undefined {
  const value = proxy.ipAddresses.map((ip) => push.registry.instancesAt(ip)[0]?.locality).find((l) => l);
  return value ? parseLocality(value) : undefined;
}

/** Locality failover applies only to clusters whose DestinationRule sets outlierDetection (1.2 semantics). */
function hasOutlierDetection(clusterName: string, proxy: Proxy, push: PushContext): boolean {
  const parsed = parseClusterName(clusterName);
  if (!parsed) return false;
  const rule = destinationRuleFor(push, proxy.namespace, parsed.hostname)?.spec;
  const subset = parsed.subset ? rule?.subsets.find((s) => s.name === parsed.subset)?.trafficPolicy : undefined;
  const portName = push.registry.service(parsed.hostname)?.ports.find((p) => p.port === parsed.port)?.name ?? '';
  return effectivePolicy(rule?.trafficPolicy, subset, parsed.port, portName).outlierDetection !== undefined;
}
