import { CaTtlError } from './errors';

export const HOUR_MS = 60 * 60 * 1000;
/** Helm's `--workload-cert-ttl` (2160h = 90 days) and Citadel's `--max-workload-cert-ttl` default. */
export const DEFAULT_WORKLOAD_CERT_TTL_MS = 2160 * HOUR_MS;
export const DEFAULT_MAX_WORKLOAD_CERT_TTL_MS = 2160 * HOUR_MS;

export interface TtlDecision {
  readonly ttlMs: number;
  /** True when the request asked for more than the maximum and was cut down to it. */
  readonly capped: boolean;
}

/**
 * Turns `validity_duration` (int64 seconds, as a string on the wire) into the TTL to sign with:
 * 0 or absent => the default workload TTL; above the maximum => the maximum. Istio 1.2 rejected
 * over-long requests; tsmesh caps them so an over-eager client still gets a usable certificate.
 */
export function decideTtl(requestedSeconds: string | number | undefined, limits: { defaultMs: number; maxMs: number }): TtlDecision {
  const text = String(requestedSeconds ?? '').trim() || '0';
  if (!/^-?\d+$/.test(text)) throw new CaTtlError(`validity_duration ${JSON.stringify(text)} is not an integer number of seconds`);
  const seconds = BigInt(text);
  if (seconds < 0n) throw new CaTtlError(`validity_duration must not be negative (got ${text}s)`);
  if (seconds === 0n) return { ttlMs: Math.min(limits.defaultMs, limits.maxMs), capped: false };
  const maxSeconds = BigInt(Math.floor(limits.maxMs / 1000));
  if (seconds > maxSeconds) return { ttlMs: limits.maxMs, capped: true };
  return { ttlMs: Number(seconds) * 1000, capped: false };
}
