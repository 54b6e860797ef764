import type { ClusterConfig, UpstreamEndpoint } from '@tsmesh/sidecar-xds-client';
import { HostSet } from './host-set';
import { UpstreamHost } from './upstream-host';

const cluster = { name: 'c', type: 'EDS', connectTimeoutMs: 1000, lbPolicy: 'ROUND_ROBIN', panicThresholdPercent: 50, maxRequestsPerConnection: 0, idleTimeoutMs: 1000, http2: false } as ClusterConfig;
const host = (port: number, zone: string, priority: number, localityWeight = 1) => new UpstreamHost({ address: '127.0.0.1', port, weight: 1, priority, localityWeight, locality: { region: 'r', zone, subZone: '' } } as UpstreamEndpoint, cluster);

function share(set: HostSet, n = 4000): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const z = set.pick().endpoint.locality?.zone ?? '';
    counts[z] = (counts[z] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([z, c]) => [z, c / n]));
}

describe('HostSet locality and priority (Envoy semantics Istio locality LB relies on)', () => {
  const local = [host(1, 'a', 0), host(2, 'a', 0)];
  const remote = [host(3, 'b', 1), host(4, 'b', 1)];
  const all = [...local, ...remote];
  afterAll(() => Promise.all(all.map((h) => h.pool.close())));

  it('keeps all traffic in the local priority while it is healthy', () => {
    expect(share(new HostSet(all, 'ROUND_ROBIN'))).toEqual({ a: 1 });
  });

  it('spills over gradually: half the local hosts down → 70 % local (overprovisioning 1.4), 30 % to the next priority', () => {
    const s = share(new HostSet([local[0] as UpstreamHost, ...remote], 'ROUND_ROBIN', all));
    expect(s['a']).toBeGreaterThan(0.65);
    expect(s['a']).toBeLessThan(0.75);
  });

  it('fails over completely when the local priority has no healthy host', () => {
    expect(share(new HostSet(remote, 'ROUND_ROBIN', all))).toEqual({ b: 1 });
  });

  it('weights localities of one priority by their load_balancing_weight', () => {
    const x = [host(5, 'x', 0, 1), host(6, 'y', 0, 3)];
    const s = share(new HostSet(x, 'ROUND_ROBIN'));
    expect(s['y']).toBeGreaterThan(0.7);
    expect(s['y']).toBeLessThan(0.8);
    void Promise.all(x.map((h) => h.pool.close()));
  });
});
