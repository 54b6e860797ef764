import type { LocalityLbEndpoints } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint_components';
import type { LocalityLbSetting } from '../../mesh/locality-lb-setting';

export type { LocalityLbSetting } from '../../mesh/locality-lb-setting';

export interface Locality {
  readonly region: string;
  readonly zone: string;
  readonly subZone: string;
}

/** `region/zone/subzone` patterns with `*` for "any" in a position (and a trailing `*` for the rest). */
export function localityMatches(locality: Locality | undefined, pattern: string): boolean {
  if (pattern === '*') return true;
  const parts = pattern.split('/');
  const actual = [locality?.region ?? '', locality?.zone ?? '', locality?.subZone ?? ''];
  return parts.every((p, i) => p === '*' || p === actual[i]);
}

/** Istio 1.2's proximity: 0 same subzone, 1 same zone, 2 same region, 3 elsewhere. */
export function lbPriority(proxy: Locality, endpoints: Locality | undefined): number {
  if (proxy.region !== (endpoints?.region ?? '')) return 3;
  if (proxy.zone !== (endpoints?.zone ?? '')) return 2;
  return proxy.subZone === (endpoints?.subZone ?? '') ? 0 : 1;
}

/**
 * Istio 1.2's locality failover on a ClusterLoadAssignment: each locality gets a priority by
 * proximity to the proxy (a failover rule for the proxy's region demotes other regions below
 * its target), then priorities are renumbered 0..n without gaps, as Envoy requires.
 */
export function applyLocalityFailover(proxy: Locality, groups: LocalityLbEndpoints[], failover: LocalityLbSetting['failover'] = []): void {
  const rule = failover.find((f) => f.from === proxy.region);
  const raw = groups.map((g) => {
    const p = lbPriority(proxy, g.locality);
    return p === 3 && rule && g.locality?.region !== rule.to ? 4 : p;
  });
  const order = [...new Set(raw)].sort((a, b) => a - b);
  groups.forEach((g, i) => (g.priority = order.indexOf(raw[i] as number)));
}

/**
 * Istio 1.2's `distribute`: for the first rule whose `from` matches the proxy, each `to`
 * pattern's share is split over the localities it matches (by their own weight), and
 * localities no rule names lose their endpoints.
 */
export function applyLocalityDistribute(proxy: Locality, groups: LocalityLbEndpoints[], distribute: NonNullable<LocalityLbSetting['distribute']>): void {
  const rule = distribute.find((d) => localityMatches(proxy, d.from));
  if (!rule) return;
  const unmatched = new Set(groups.map((_, i) => i));
  for (const [pattern, share] of Object.entries(rule.to)) {
    const matched = [...unmatched].filter((i) => localityMatches(groups[i]?.locality, pattern));
    const total = matched.reduce((s, i) => s + (groups[i]?.loadBalancingWeight ?? 1), 0);
    for (const i of matched) {
      const g = groups[i] as LocalityLbEndpoints;
      g.loadBalancingWeight = Math.ceil(((g.loadBalancingWeight ?? 1) * share) / total);
      unmatched.delete(i);
    }
  }
  for (const i of unmatched) (groups[i] as LocalityLbEndpoints).lbEndpoints = [];
}
