import { XdsTypeUrl } from '@tsmesh/contracts';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { parseClusterName, type PushContext } from '../push-context';
import { socketAddress } from './cds';
import type { GeneratedResource, XdsGenerator } from './generator';

/**
 * ClusterLoadAssignments for the EDS clusters a proxy asked for. Unknown names get an empty
 * assignment, so the proxy learns the cluster has no endpoints instead of waiting.
 */
export const edsGenerator: XdsGenerator = {
  typeUrl: XdsTypeUrl.ClusterLoadAssignment,
  namedResources: true,
  generate(_proxy, push, names) {
    return names.map((name) => {
      const cla = loadAssignment(name, push);
      return { name, resource: { typeUrl: XdsTypeUrl.ClusterLoadAssignment, value: Buffer.from(ClusterLoadAssignment.encode(cla).finish()) } } satisfies GeneratedResource;
    });
  },
};

function loadAssignment(clusterName: string, push: PushContext): ClusterLoadAssignment {
  const parsed = parseClusterName(clusterName);
  const endpoints = parsed?.direction === 'outbound' ? push.registry.endpoints(parsed.hostname, parsed.port) : [];
  const lbEndpoints = endpoints.map((ep) => ({
    hostIdentifier: { $case: 'endpoint' as const, value: { address: socketAddress(ep.address, ep.port) } },
    loadBalancingWeight: ep.weight ?? 1,
    ...(ep.serviceAccount ? { metadata: { filterMetadata: { istio: { uid: ep.serviceAccount } }, typedFilterMetadata: {} } } : {}),
  }));
  return ClusterLoadAssignment.fromPartial({
    clusterName,
    // One locality with a weight: clients such as grpc-js-xds skip localities without one.
    endpoints: lbEndpoints.length === 0 ? [] : [{ locality: { region: '', zone: '', subZone: '' }, lbEndpoints, loadBalancingWeight: lbEndpoints.length }],
  });
}
