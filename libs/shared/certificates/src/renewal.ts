/** When a certificate should be renewed: Istio 1.2's grace-period rule. */
export interface RenewalPolicy {
  /** Fraction of the lifetime kept as grace before expiry (`--workload-cert-grace-period-ratio`). */
  readonly graceRatio: number;
  /** Grace never shorter than this (`--workload-cert-min-grace-period`). */
  readonly minGraceMs: number;
}

/** Istio 1.2 defaults: renew at 50% of the lifetime, at least 10 minutes before expiry. */
export const ISTIO_RENEWAL_POLICY: RenewalPolicy = Object.freeze({ graceRatio: 0.5, minGraceMs: 10 * 60 * 1000 });

export interface Validity {
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/**
 * The instant to renew: `notAfter - max(lifetime * graceRatio, minGrace)`. When the minimum grace
 * would swallow the whole lifetime (short test TTLs), only the ratio applies; otherwise the
 * certificate would be "due" the moment it is issued and renewal would spin.
 */
export function renewalTime(validity: Validity, policy: RenewalPolicy = ISTIO_RENEWAL_POLICY): Date {
  const lifetime = validity.notAfter.getTime() - validity.notBefore.getTime();
  const ratioGrace = lifetime * policy.graceRatio;
  const grace = policy.minGraceMs < lifetime ? Math.max(ratioGrace, policy.minGraceMs) : ratioGrace;
  return new Date(validity.notAfter.getTime() - grace);
}

export function isExpired(validity: Validity, now: Date = new Date()): boolean {
  return now.getTime() >= validity.notAfter.getTime();
}

export function needsRenewal(validity: Validity, now: Date = new Date(), policy: RenewalPolicy = ISTIO_RENEWAL_POLICY): boolean {
  return now.getTime() >= renewalTime(validity, policy).getTime();
}
