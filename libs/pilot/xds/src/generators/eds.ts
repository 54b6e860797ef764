import { XdsTypeUrl } from '@tsmesh/contracts';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import type { ServiceEndpoint } from '@tsmesh/pilot-registry';
import type { Proxy } from '../proxy';
import { memoized, parseClusterName, type PushContext } from '../push-context';
import { proxyLocalityKey } from '../scope/config-key';
import { destinationRuleFor } from '../scope/destination-rules';
import { localityLbEndpoints, parseLocality } from './endpoints/locality';
import { applyLocalityFailover, type Locality } from './endpoints/locality-lb';
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
 * defines the subset, and (with locality load balancing) on the proxy's locality: encoded once
 * per push for all proxies that share them.
 */
function sharedLoadAssignment(name: string, proxy: Proxy, push: PushContext): GeneratedResource {
  const parsed = parseClusterName(name);
  const rule = parsed?.subset ? destinationRuleFor(push, proxy.namespace, parsed.hostname) : undefined;
  const key = `eds-cla|${name}|${rule ? `${rule.namespace}/${rule.name}@${rule.version}` : '-'}|${proxyLocalityKey(proxy)}`;
  return memoized(push, key, () => {
    const cla = loadAssignment(name, proxy, push);
    return { name, resource: { typeUrl: XdsTypeUrl.ClusterLoadAssignment, value: Buffer.from(ClusterLoadAssignment.encode(cla).finish()) } };
  });
}

function loadAssignment(clusterName: string, proxy: Proxy, push: PushContext): ClusterLoadAssignment {
  const endpoints = endpointsOfCluster(clusterName, proxy, push);
  const groups = localityLbEndpoints(endpoints);
  const locality = proxy.locality ?? instanceLocality(proxy, push);
  if (push.mesh.localityLbEnabled && locality && hasOutlierDetection(clusterName, proxy, push)) applyLocalityFailover(locality, groups);
  return ClusterLoadAssignment.fromPartial({ clusterName, endpoints: groups });
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
