import type { CorsPolicy as EnvoyCors } from '@tsmesh/contracts/envoy/config/route/v3/route_components';
import type { CorsPolicy } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';

/**
 * VirtualService `corsPolicy` → the route action's `cors`, as Istio 1.2 translates it:
 * origins matched exactly, list fields joined with "," (1.2 joins without spaces), max_age in
 * whole seconds, and the policy enabled through the HCM's cors filter.
 */
export function corsPolicy(cors: CorsPolicy | undefined): EnvoyCors | undefined {
  if (!cors) return undefined;
  return {
    allowOriginStringMatch: cors.allowOrigin.map((origin) => ({ ignoreCase: false, matchPattern: { $case: 'exact', value: origin } })),
    allowMethods: cors.allowMethods.join(','),
    allowHeaders: cors.allowHeaders.join(','),
    exposeHeaders: cors.exposeHeaders.join(','),
    maxAge: cors.maxAge ? String(cors.maxAge.seconds) : '',
    ...(cors.allowCredentials === undefined ? {} : { allowCredentials: cors.allowCredentials }),
  } as EnvoyCors;
}
