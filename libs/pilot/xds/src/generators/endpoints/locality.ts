import { HealthStatus } from '@tsmesh/contracts/envoy/config/core/v3/health_check';
import { LocalityLbEndpoints } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint_components';
import type { ServiceEndpoint } from '@tsmesh/pilot-registry';
import { socketAddress } from '../clusters/address';

/** `region/zone/subzone` → Envoy Locality; missing parts are empty strings. */
export function parseLocality(value: string | undefined): { region: string; zone: string; subZone: string } {
  const [region = '', zone = '', subZone = ''] = (value ?? '').split('/');
  return { region, zone, subZone };
}

/**
 * Endpoints grouped by locality, each with its `load_balancing_weight` (default 1) and the
 * locality's weight as their sum. Every locality has a weight: clients such as grpc-js-xds skip
 * localities without one. Ordered by locality, then address, so output is stable.
 */
export function localityLbEndpoints(endpoints: readonly ServiceEndpoint[]): LocalityLbEndpoints[] {
  const groups = new Map<string, ServiceEndpoint[]>();
  for (const ep of endpoints) {
    const key = ep.locality ?? '';
    const list = groups.get(key);
    if (list) list.push(ep);
    else groups.set(key, [ep]);
  }
  return [...groups.keys()].sort().map((key) => {
    const eps = groups.get(key) ?? [];
    const lbEndpoints = eps.map((ep) => ({
      hostIdentifier: { $case: 'endpoint' as const, value: { address: socketAddress(ep.address, ep.port) } },
      // The registry holds only ready addresses (Kubernetes notReadyAddresses are not read).
      healthStatus: HealthStatus.HEALTHY,
      loadBalancingWeight: ep.weight ?? 1,
      ...(ep.serviceAccount ? { metadata: { filterMetadata: { istio: { uid: ep.serviceAccount } }, typedFilterMetadata: {} } } : {}),
    }));
    return LocalityLbEndpoints.fromPartial({
      locality: parseLocality(key),
      lbEndpoints,
      loadBalancingWeight: lbEndpoints.reduce((sum, ep) => sum + ep.loadBalancingWeight, 0),
    });
  });
}
