import { murmur3 } from './murmur3';

export interface RingHost {
  /** Stable identity, e.g. `10.1.0.5:9080`; it decides the host's points on the ring. */
  readonly key: string;
  readonly weight: number;
}

/** Envoy's ring_hash_lb_config defaults. */
export const DEFAULT_MIN_RING_SIZE = 1024;
export const DEFAULT_MAX_RING_SIZE = 8 * 1024 * 1024;
/** Points per unit of host weight once the ring reaches its minimum size. */
const POINTS_PER_WEIGHT = 160;

/**
 * Envoy's ring hash load balancer: each host owns points on a 32-bit ring in proportion to its
 * weight; a request hash picks the first point at or after it. Adding or removing one host
 * moves only the keys next to its points (consistent hashing), so sessions mostly stay put.
 */
export class HashRing<H extends RingHost> {
  readonly #points: Uint32Array;
  readonly #owners: H[];

  constructor(hosts: readonly H[], minRingSize = DEFAULT_MIN_RING_SIZE, maxRingSize = DEFAULT_MAX_RING_SIZE) {
    const live = hosts.filter((h) => h.weight > 0);
    const totalWeight = live.reduce((sum, h) => sum + h.weight, 0);
    const entries: Array<{ point: number; host: H }> = [];
    if (totalWeight > 0) {
      // Points per unit of weight are fixed (as ketama does) once the ring is big enough, so
      // adding a host never takes points away from the others: only keys next to the new
      // host's points move. Small host sets get more points each to reach minRingSize.
      const perUnit = Math.min(Math.max(POINTS_PER_WEIGHT, Math.ceil(minRingSize / totalWeight)), Math.floor(maxRingSize / totalWeight));
      for (const host of live) {
        const count = Math.max(1, Math.round(host.weight * perUnit));
        for (let i = 0; i < count; i++) entries.push({ point: murmur3(`${host.key}_${i}`), host });
      }
    }
    entries.sort((a, b) => a.point - b.point || a.host.key.localeCompare(b.host.key));
    this.#points = Uint32Array.from(entries.map((e) => e.point));
    this.#owners = entries.map((e) => e.host);
  }

  get size(): number {
    return this.#points.length;
  }

  /** The host owning `hash`, skipping hosts `accept` refuses (e.g. ejected ones), or undefined. */
  pick(hash: number, accept: (host: H) => boolean = () => true): H | undefined {
    const n = this.#points.length;
    if (n === 0) return undefined;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.#points[mid] as number) < hash >>> 0) lo = mid + 1;
      else hi = mid;
    }
    for (let step = 0; step < n; step++) {
      const owner = this.#owners[(lo + step) % n] as H;
      if (accept(owner)) return owner;
    }
    return undefined;
  }
}
