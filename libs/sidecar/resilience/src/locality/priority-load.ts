/**
 * Envoy's priority and locality load balancing, which Istio's locality failover drives: pilot
 * puts the proxy's own zone at priority 0, its region at 1, the rest at 2. Traffic goes to the
 * lowest priority while it is healthy enough; as its hosts fail, the overprovisioning factor
 * (1.4) decides how much spills to the next priority.
 */
export interface PriorityHealth {
  readonly healthy: number;
  readonly total: number;
}

export const DEFAULT_OVERPROVISIONING_FACTOR = 1.4;

/**
 * The share of traffic (summing to 1, or all zeros when nothing is healthy) each priority gets,
 * as Envoy computes it: health_p = min(1, healthy/total × factor), and each priority takes
 * what is left of its health before the next one gets anything.
 */
export function priorityLoad(priorities: readonly PriorityHealth[], factor = DEFAULT_OVERPROVISIONING_FACTOR): number[] {
  const health = priorities.map((p) => (p.total === 0 ? 0 : Math.min(1, (p.healthy / p.total) * factor)));
  const totalHealth = Math.min(1, health.reduce((s, h) => s + h, 0));
  if (totalHealth === 0) return priorities.map(() => 0);
  // When the sum of health is below 100 %, Envoy normalizes so that all traffic still lands.
  let remaining = 1;
  return health.map((h) => {
    const share = Math.min(remaining, h / totalHealth);
    remaining -= share;
    return share;
  });
}

/** Picks an index with probability proportional to its weight; -1 when every weight is 0. */
export function pickWeighted(weights: readonly number[], random: () => number = Math.random): number {
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (total <= 0) return -1;
  let point = random() * total;
  for (let i = 0; i < weights.length; i++) {
    point -= Math.max(0, weights[i] ?? 0);
    if (point < 0) return i;
  }
  return weights.length - 1;
}

export interface LocalityGroup<H> {
  readonly priority: number;
  /** EDS locality load_balancing_weight; localities without one share evenly. */
  readonly weight: number;
  readonly hosts: readonly H[];
}

/**
 * Chooses the locality a request goes to: first the priority by `priorityLoad`, then a
 * locality within it by weight × its healthy share (Envoy's locality-weighted LB).
 */
export function chooseLocality<H>(groups: readonly LocalityGroup<H>[], healthy: (h: H) => boolean, random: () => number = Math.random, factor = DEFAULT_OVERPROVISIONING_FACTOR): LocalityGroup<H> | undefined {
  const maxPriority = groups.reduce((m, g) => Math.max(m, g.priority), -1);
  const byPriority: LocalityGroup<H>[][] = Array.from({ length: maxPriority + 1 }, () => []);
  for (const g of groups) byPriority[g.priority]?.push(g);
  const health = byPriority.map((gs) => {
    let ok = 0;
    let total = 0;
    for (const g of gs) for (const h of g.hosts) {
      total++;
      if (healthy(h)) ok++;
    }
    return { healthy: ok, total };
  });
  const p = pickWeighted(priorityLoad(health, factor), random);
  if (p < 0) return undefined;
  const candidates = byPriority[p] ?? [];
  const effective = candidates.map((g) => {
    const ok = g.hosts.filter(healthy).length;
    return g.hosts.length === 0 ? 0 : g.weight * Math.min(1, (ok / g.hosts.length) * factor);
  });
  const i = pickWeighted(effective, random);
  return i < 0 ? undefined : candidates[i];
}
