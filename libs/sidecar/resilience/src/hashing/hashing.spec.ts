import { cookieValue, requestHash } from './hash-policy';
import { murmur3 } from './murmur3';
import { HashRing } from './ring-hash';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `10.0.0.${i + 1}:9080`, weight: 1 }));

describe('consistent hashing', () => {
  it('murmur3 matches the reference vectors', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
  });

  it('spreads keys over hosts by weight', () => {
    const ring = new HashRing([{ key: 'a', weight: 1 }, { key: 'b', weight: 3 }]);
    const counts = { a: 0, b: 0 };
    for (let i = 0; i < 20_000; i++) counts[ring.pick(murmur3(`user-${i}`))?.key as 'a' | 'b']++;
    expect(counts.b / counts.a).toBeGreaterThan(2.4);
    expect(counts.b / counts.a).toBeLessThan(3.6);
  });

  it('moves only a small share of keys when a host is added (minimal disruption)', () => {
    const before = new HashRing(hosts(10));
    const after = new HashRing(hosts(11));
    let moved = 0;
    const total = 10_000;
    for (let i = 0; i < total; i++) {
      const h = murmur3(`session-${i}`);
      if (before.pick(h)?.key !== after.pick(h)?.key) moved++;
    }
    // Ideal is 1/11 ≈ 9 %; a modulo scheme would move ~91 %.
    expect(moved / total).toBeLessThan(0.15);
  });

  it('skips hosts it must not use, and is empty without hosts', () => {
    const ring = new HashRing(hosts(3));
    const h = murmur3('x');
    const first = ring.pick(h);
    expect(ring.pick(h, (host) => host !== first)?.key).not.toBe(first?.key);
    expect(new HashRing([]).pick(h)).toBeUndefined();
  });

  it('hashes by header, cookie or source IP, and sets the cookie when absent with a ttl', () => {
    const inputs = (headers: Record<string, string>, ip?: string) => ({ header: (n: string) => headers[n], cookie: (n: string) => cookieValue(headers['cookie'], n), sourceIp: ip });
    expect(requestHash([{ kind: 'header', name: 'X-User' }], inputs({ 'x-user': 'jason' })).hash).toBe(murmur3('jason'));
    expect(requestHash([{ kind: 'header', name: 'x-user' }], inputs({})).hash).toBeUndefined();
    expect(requestHash([{ kind: 'cookie', name: 'user' }], inputs({ cookie: 'a=1; user=kim' })).hash).toBe(murmur3('kim'));
    const fresh = requestHash([{ kind: 'cookie', name: 'user', ttlSeconds: 60, path: '/' }], inputs({}));
    expect(fresh.setCookie).toMatch(/^user=[0-9a-f]{16}; Max-Age=60; Path=\/; HttpOnly$/);
    expect(requestHash([{ kind: 'source-ip' }], inputs({}, '10.1.2.3')).hash).toBe(murmur3('10.1.2.3'));
  });
});
