import { Backoff } from './backoff';

describe('Backoff', () => {
  it('grows exponentially up to the cap without jitter', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, multiplier: 2, jitter: 0 });
    expect(Array.from({ length: 6 }, () => backoff.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoff.attempt).toBe(6);
  });

  it('spreads each delay over ±jitter of its base', () => {
    const low = new Backoff({ initialMs: 1_000, maxMs: 10_000, jitter: 0.2, random: () => 0 });
    const high = new Backoff({ initialMs: 1_000, maxMs: 10_000, jitter: 0.2, random: () => 0.999_999 });
    expect([low.next(), low.next()]).toEqual([800, 1_600]);
    expect([high.next(), high.next()]).toEqual([1_200, 2_400]);
    const random = new Backoff({ initialMs: 1_000, maxMs: 1_000, jitter: 0.5 });
    const samples = Array.from({ length: 200 }, () => random.next());
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...samples)).toBeLessThanOrEqual(1_500);
    expect(new Set(samples).size).toBeGreaterThan(10);
  });

  it('starts over after reset()', () => {
    const backoff = new Backoff({ initialMs: 50, maxMs: 1_000, jitter: 0 });
    backoff.next();
    backoff.next();
    backoff.reset();
    expect(backoff.attempt).toBe(0);
    expect(backoff.next()).toBe(50);
  });

  it('rejects nonsensical settings', () => {
    expect(() => new Backoff({ initialMs: 10, maxMs: 5 })).toThrow(RangeError);
    expect(() => new Backoff({ jitter: 2 })).toThrow(RangeError);
  });
});
