/**
 * The decisions of Envoy's HTTP fault filter (`envoy.fault`), which Istio 1.2 configures from
 * a VirtualService's `fault`: delay a share of requests by a fixed time, abort a share with a
 * status. Delay comes first, then abort. Shares are fractions in [0, 1] (Envoy's
 * FractionalPercent already divided out).
 */
export interface FaultConfig {
  readonly delay?: { readonly fixedDelayMs: number; readonly fraction: number };
  readonly abort?: { readonly httpStatus: number; readonly fraction: number };
  /** Envoy's max_active_faults: beyond it no new fault is injected. */
  readonly maxActiveFaults?: number;
}

export interface FaultDecision {
  /** Milliseconds to hold the request before continuing (response flag DI). */
  readonly delayMs: number;
  /** Status of the local reply that replaces the upstream call (response flag FI). */
  readonly abortStatus: number | undefined;
}

export const NO_FAULT: FaultDecision = Object.freeze({ delayMs: 0, abortStatus: undefined });

/** Envoy FractionalPercent → fraction. */
export function fractionOf(numerator: number, denominator: 'HUNDRED' | 'TEN_THOUSAND' | 'MILLION'): number {
  const scale = denominator === 'HUNDRED' ? 100 : denominator === 'TEN_THOUSAND' ? 10_000 : 1_000_000;
  return Math.min(1, Math.max(0, numerator / scale));
}

export function decideFault(config: FaultConfig, activeFaults: number, random: () => number = Math.random): FaultDecision {
  if (config.maxActiveFaults !== undefined && activeFaults >= config.maxActiveFaults) return NO_FAULT;
  const delayMs = config.delay && config.delay.fixedDelayMs > 0 && random() < config.delay.fraction ? config.delay.fixedDelayMs : 0;
  const abortStatus = config.abort && random() < config.abort.fraction ? config.abort.httpStatus : undefined;
  return delayMs === 0 && abortStatus === undefined ? NO_FAULT : { delayMs, abortStatus };
}
