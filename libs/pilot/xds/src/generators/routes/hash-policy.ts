import type { RouteAction_HashPolicy } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import type { Proxy } from '../../proxy';
import type { PushContext } from '../../push-context';
import { destinationRuleFor } from '../../scope/destination-rules';

/**
 * Istio 1.2 puts a DestinationRule's `loadBalancer.consistentHash` on the routes to that host
 * (the cluster gets RING_HASH from CDS): header, cookie (name, path, ttl) or source IP.
 */
export function hashPolicyFor(proxy: Proxy, push: PushContext, hostname: string): RouteAction_HashPolicy[] {
  const lb = destinationRuleFor(push, proxy.namespace, hostname)?.spec.trafficPolicy?.loadBalancer?.lbPolicy;
  if (lb?.$case !== 'consistentHash') return [];
  const key = lb.value.hashKey;
  switch (key?.$case) {
    case 'httpHeaderName':
      return [{ policySpecifier: { $case: 'header', value: { headerName: key.value } }, terminal: false } as RouteAction_HashPolicy];
    case 'httpCookie':
      return [{ policySpecifier: { $case: 'cookie', value: { name: key.value.name, path: key.value.path, ttl: key.value.ttl, attributes: [] } }, terminal: false } as RouteAction_HashPolicy];
    case 'useSourceIp':
      return [{ policySpecifier: { $case: 'connectionProperties', value: { sourceIp: key.value } }, terminal: false } as RouteAction_HashPolicy];
    default:
      return [];
  }
}
