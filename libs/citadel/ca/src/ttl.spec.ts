import { CaTtlError } from './errors';
import { decideTtl, HOUR_MS } from './ttl';

const limits = { defaultMs: 24 * HOUR_MS, maxMs: 48 * HOUR_MS };

describe('decideTtl', () => {
  it('uses the default for 0 or a missing value', () => {
    expect(decideTtl('0', limits)).toEqual({ ttlMs: 24 * HOUR_MS, capped: false });
    expect(decideTtl(undefined, limits)).toEqual({ ttlMs: 24 * HOUR_MS, capped: false });
    expect(decideTtl('', limits)).toEqual({ ttlMs: 24 * HOUR_MS, capped: false });
  });

  it('honours a request within the maximum', () => {
    expect(decideTtl('3600', limits)).toEqual({ ttlMs: HOUR_MS, capped: false });
    expect(decideTtl(48 * 3600, limits)).toEqual({ ttlMs: 48 * HOUR_MS, capped: false });
  });

  it('caps a request above the maximum, even one beyond 2^53', () => {
    expect(decideTtl(String(48 * 3600 + 1), limits)).toEqual({ ttlMs: 48 * HOUR_MS, capped: true });
    expect(decideTtl('9223372036854775807', limits)).toEqual({ ttlMs: 48 * HOUR_MS, capped: true });
  });

  it('never lets the default exceed the maximum', () => {
    expect(decideTtl('0', { defaultMs: 10, maxMs: 5 }).ttlMs).toBe(5);
  });

  it.each(['-1', 'abc', '1.5', '1e3'])('rejects %j with TTL_ERROR', (value) => {
    expect(() => decideTtl(value, limits)).toThrow(CaTtlError);
  });
});
