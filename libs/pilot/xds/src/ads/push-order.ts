import { XdsTypeUrl } from '@tsmesh/contracts';

/**
 * The order pushes go out in, Envoy's rule for SotW: clusters before the endpoints they need,
 * listeners before the routes they name. Types outside this list go last.
 */
export const PUSH_ORDER: readonly string[] = [XdsTypeUrl.Cluster, XdsTypeUrl.ClusterLoadAssignment, XdsTypeUrl.Listener, XdsTypeUrl.RouteConfiguration];

export function byPushOrder(a: string, b: string): number {
  const rank = (t: string) => {
    const i = PUSH_ORDER.indexOf(t);
    return i < 0 ? PUSH_ORDER.length : i;
  };
  return rank(a) - rank(b);
}

/** Short xDS names used in Istio 1.2 metric names (`pilot_xds_cds_reject`, `type="cds"`). */
export const SHORT_TYPE: Readonly<Record<string, string>> = {
  [XdsTypeUrl.Cluster]: 'cds',
  [XdsTypeUrl.ClusterLoadAssignment]: 'eds',
  [XdsTypeUrl.Listener]: 'lds',
  [XdsTypeUrl.RouteConfiguration]: 'rds',
};

/** What a push must regenerate: everything, or only endpoints (Istio's incremental EDS push). */
export type PushScope = { readonly kind: 'full' } | { readonly kind: 'eds' };
export const FULL_PUSH: PushScope = { kind: 'full' };
