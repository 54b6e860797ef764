import { chooseLocality, type LocalityGroup } from '@tsmesh/sidecar-resilience';
import type { LbPolicy } from '@tsmesh/sidecar-xds-client';
import type { UpstreamHost } from './upstream-host';

/** Weighted round robin expands hosts by weight up to this many slots; beyond it, weighted random. */
const MAX_RR_SLOTS = 10_000;

/**
 * The hosts a cluster balances over right now (already filtered for health and ejection) and
 * the policy's pick. With several localities or priorities, a locality is chosen first
 * (Envoy's locality-weighted LB with priority failover), then a host inside it.
 */
export class HostSet {
  private readonly slots: UpstreamHost[];
  private readonly groups?: LocalityGroup<UpstreamHost>[];
  private readonly routable: ReadonlySet<UpstreamHost>;
  private next = 0;

  /**
   * `hosts` are the hosts to balance over now; `all` (every host of the cluster, healthy or not)
   * lets priorities degrade gradually as Envoy's overprovisioning factor prescribes.
   */
  constructor(
    private readonly hosts: readonly UpstreamHost[],
    private readonly policy: LbPolicy,
    all: readonly UpstreamHost[] = hosts,
  ) {
    this.routable = new Set(hosts);
    const total = hosts.reduce((n, h) => n + h.weight, 0);
    this.slots = total <= MAX_RR_SLOTS ? hosts.flatMap((h) => Array<UpstreamHost>(h.weight).fill(h)) : [...hosts];
    const byLocality = new Map<string, { priority: number; weight: number; hosts: UpstreamHost[] }>();
    for (const h of all) {
      const l = h.endpoint.locality;
      const key = `${h.endpoint.priority ?? 0}/${l?.region ?? ''}/${l?.zone ?? ''}/${l?.subZone ?? ''}`;
      const g = byLocality.get(key) ?? { priority: h.endpoint.priority ?? 0, weight: h.endpoint.localityWeight ?? 1, hosts: [] };
      g.hosts.push(h);
      byLocality.set(key, g);
    }
    if (byLocality.size > 1) this.groups = [...byLocality.values()];
  }

  get size(): number {
    return this.hosts.length;
  }

  /** A host by the LB policy; `avoid` (previous hosts of a retry) is honoured while another host exists. */
  pick(avoid?: (h: UpstreamHost) => boolean): UpstreamHost {
    const group = this.groups ? chooseLocality(this.groups, (h) => this.routable.has(h)) : undefined;
    const pool = group ? group.hosts.filter((h) => this.routable.has(h)) : undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const h = pool && pool.length > 0 ? this.fromList(pool) : this.fromSlots();
      if (!avoid?.(h)) return h;
    }
    return this.hosts.find((h) => !avoid?.(h)) ?? (this.hosts[0] as UpstreamHost);
  }

  private fromSlots(): UpstreamHost {
    const n = this.slots.length;
    if (this.policy === 'RANDOM' || this.policy === 'RING_HASH' || this.policy === 'MAGLEV') return this.slots[Math.floor(Math.random() * n)] as UpstreamHost;
    if (this.policy === 'LEAST_REQUEST' && this.hosts.length > 1) return this.leastOfTwo(this.hosts);
    this.next = (this.next + 1) % n;
    return this.slots[this.next] as UpstreamHost;
  }

  private fromList(list: readonly UpstreamHost[]): UpstreamHost {
    if (this.policy === 'LEAST_REQUEST' && list.length > 1) return this.leastOfTwo(list);
    let point = Math.random() * list.reduce((s, h) => s + h.weight, 0);
    for (const h of list) {
      point -= h.weight;
      if (point < 0) return h;
    }
    return list[list.length - 1] as UpstreamHost;
  }

  /** Envoy's least request: the less busy of two random choices. */
  private leastOfTwo(list: readonly UpstreamHost[]): UpstreamHost {
    const a = list[Math.floor(Math.random() * list.length)] as UpstreamHost;
    const b = list[Math.floor(Math.random() * list.length)] as UpstreamHost;
    return a.active <= b.active ? a : b;
  }
}
