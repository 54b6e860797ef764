import { ISTIO_RENEWAL_POLICY, isExpired, needsRenewal, renewalTime } from './renewal';

const MINUTE = 60_000;
const start = new Date('2019-06-18T00:00:00Z');
const validFor = (ms: number) => ({ notBefore: start, notAfter: new Date(start.getTime() + ms) });

describe('renewalTime (Istio 1.2: 50% of lifetime, at least 10 minutes of grace)', () => {
  it('renews a 90 day certificate after 45 days', () => {
    const day = 24 * 60 * MINUTE;
    expect(renewalTime(validFor(90 * day)).getTime() - start.getTime()).toBe(45 * day);
  });

  it('applies the minimum grace when half the lifetime is shorter', () => {
    expect(renewalTime(validFor(15 * MINUTE)).getTime() - start.getTime()).toBe(5 * MINUTE);
  });

  it('falls back to the ratio when the minimum grace exceeds the lifetime, so it never spins', () => {
    expect(renewalTime(validFor(5 * MINUTE)).getTime() - start.getTime()).toBe(2.5 * MINUTE);
  });

  it('honours a custom policy', () => {
    const at = renewalTime(validFor(10_000), { graceRatio: 0.2, minGraceMs: 1_000 });
    expect(at.getTime() - start.getTime()).toBe(8_000);
  });

  it('answers needsRenewal and isExpired', () => {
    const validity = validFor(60 * MINUTE);
    expect(needsRenewal(validity, new Date(start.getTime() + 29 * MINUTE), ISTIO_RENEWAL_POLICY)).toBe(false);
    expect(needsRenewal(validity, new Date(start.getTime() + 30 * MINUTE))).toBe(true);
    expect(isExpired(validity, new Date(start.getTime() + 59 * MINUTE))).toBe(false);
    expect(isExpired(validity, validity.notAfter)).toBe(true);
  });
});
