import { chooseLocality, pickWeighted, priorityLoad } from './priority-load';

describe('priority and locality load balancing', () => {
  it('keeps all traffic on priority 0 while it is healthy enough, then spills', () => {
    expect(priorityLoad([{ healthy: 10, total: 10 }, { healthy: 10, total: 10 }])).toEqual([1, 0]);
    // 8/10 healthy × 1.4 ≥ 1: still everything on P0.
    expect(priorityLoad([{ healthy: 8, total: 10 }, { healthy: 10, total: 10 }])).toEqual([1, 0]);
    const half = priorityLoad([{ healthy: 5, total: 10 }, { healthy: 10, total: 10 }]);
    expect(half[0]).toBeCloseTo(0.7);
    expect(half[1]).toBeCloseTo(0.3);
    expect(priorityLoad([{ healthy: 0, total: 10 }, { healthy: 10, total: 10 }])).toEqual([0, 1]);
  });

  it('normalizes when no priority is healthy enough, and sends nothing when nothing is healthy', () => {
    const load = priorityLoad([{ healthy: 2, total: 10 }, { healthy: 2, total: 10 }]);
    expect((load[0] ?? 0) + (load[1] ?? 0)).toBeCloseTo(1);
    expect(load[0]).toBeCloseTo(0.5);
    expect(priorityLoad([{ healthy: 0, total: 3 }, { healthy: 0, total: 0 }])).toEqual([0, 0]);
  });

  it('picks by weight', () => {
    expect(pickWeighted([0, 0])).toBe(-1);
    expect(pickWeighted([1, 3], () => 0.1)).toBe(0);
    expect(pickWeighted([1, 3], () => 0.5)).toBe(1);
  });

  it('fails over from the local zone to the region when local hosts go down', () => {
    const up = new Set(['zone-a-1', 'zone-a-2', 'region-1']);
    const groups = [
      { priority: 0, weight: 1, hosts: ['zone-a-1', 'zone-a-2'] },
      { priority: 1, weight: 1, hosts: ['region-1'] },
    ];
    const counts = (n: number) => {
      const c = { 0: 0, 1: 0 };
      for (let i = 0; i < n; i++) {
        const p = chooseLocality(groups, (h) => up.has(h))?.priority;
        if (p === 0 || p === 1) c[p] += 1;
      }
      return c;
    };
    expect(counts(1000)).toEqual({ 0: 1000, 1: 0 });
    up.delete('zone-a-1');
    up.delete('zone-a-2');
    expect(counts(1000)).toEqual({ 0: 0, 1: 1000 });
  });

  it('splits within a priority by locality weight', () => {
    const groups = [
      { priority: 0, weight: 80, hosts: ['a'] },
      { priority: 0, weight: 20, hosts: ['b'] },
    ];
    let a = 0;
    for (let i = 0; i < 10_000; i++) if (chooseLocality(groups, () => true)?.hosts[0] === 'a') a++;
    expect(a / 10_000).toBeGreaterThan(0.76);
    expect(a / 10_000).toBeLessThan(0.84);
  });
});
