import { DEFAULT_OUTLIER_DETECTION, hostsToBalance, type OutlierEvent, OutlierDetector } from './outlier-detector';

const HOSTS = ['a', 'b', 'c', 'd'];
// Istio 1.2's mapping of consecutiveErrors: 3 → gateway failures enforced, 5xx not.
const istio = { ...DEFAULT_OUTLIER_DETECTION, consecutiveGatewayFailure: 3, enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0, intervalMs: 1000, baseEjectionTimeMs: 30_000, maxEjectionPercent: 50 };

describe('outlier detection', () => {
  it('ejects after consecutive gateway errors, not after other 5xx or interrupted runs', () => {
    const events: OutlierEvent[] = [];
    const od = new OutlierDetector(istio, { onEvent: (e) => events.push(e) });
    od.setHosts(HOSTS);
    for (let i = 0; i < 5; i++) od.record('a', { kind: 'response', status: 500 }, 0);
    expect(od.isEjected('a')).toBe(false);
    od.record('b', { kind: 'response', status: 503 }, 0);
    od.record('b', { kind: 'response', status: 503 }, 0);
    od.record('b', { kind: 'response', status: 200 }, 0);
    od.record('b', { kind: 'connect-failure' }, 0);
    expect(od.isEjected('b')).toBe(false);
    od.record('b', { kind: 'response', status: 502 }, 0);
    od.record('b', { kind: 'response', status: 504 }, 0);
    expect(od.isEjected('b')).toBe(true);
    expect(events).toEqual([{ host: 'b', action: 'eject', type: 'consecutive_gateway_failure', ejections: 1 }]);
  });

  it('brings a host back after base time × ejections, and ejects it longer the next time', () => {
    const od = new OutlierDetector(istio);
    od.setHosts(HOSTS);
    const fail = (at: number) => { for (let i = 0; i < 3; i++) od.record('a', { kind: 'response', status: 503 }, at); };
    fail(0);
    od.sweep(29_999);
    expect(od.isEjected('a')).toBe(true);
    od.sweep(30_000);
    expect(od.isEjected('a')).toBe(false);
    fail(31_000);
    od.sweep(31_000 + 59_999);
    expect(od.isEjected('a')).toBe(true);
    od.sweep(31_000 + 60_000);
    expect(od.isEjected('a')).toBe(false);
  });

  it('never ejects more than max_ejection_percent, and keeps state across endpoint updates', () => {
    const od = new OutlierDetector(istio);
    od.setHosts(HOSTS);
    for (const h of HOSTS) for (let i = 0; i < 3; i++) od.record(h, { kind: 'reset' }, 0);
    expect(od.ejectedCount()).toBe(2);
    od.setHosts([...HOSTS, 'e']);
    expect(od.ejectedCount()).toBe(2);
  });

  it('enters panic mode below the healthy threshold and balances over every host', () => {
    const down = new Set(['a', 'b', 'c']);
    expect(hostsToBalance(HOSTS, (h) => !down.has(h))).toEqual({ hosts: HOSTS, panic: true });
    expect(hostsToBalance(HOSTS, (h) => h !== 'a')).toEqual({ hosts: ['b', 'c', 'd'], panic: false });
  });
});
