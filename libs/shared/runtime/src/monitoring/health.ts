import { describeError } from '@tsmesh/shared-errors';

/** `true` = ready; `false` or a string (the reason) = not ready. */
export type HealthCheck = () => boolean | string;

export interface HealthStatus {
  readonly ready: boolean;
  /** Why not ready, one entry per failing condition, e.g. `galley: not connected`. */
  readonly reasons: readonly string[];
}

/**
 * Readiness = start() has finished, no drain in progress, and every registered check passes.
 * Checks run on every probe, so they must be cheap and synchronous (read a flag, not a socket).
 */
export class HealthRegistry {
  private readonly checks = new Map<string, HealthCheck>();
  private phase: 'starting' | 'serving' | 'draining' = 'starting';

  /** Adds (or replaces) a named check; returns a function that removes it. */
  addCheck(name: string, check: HealthCheck): () => void {
    this.checks.set(name, check);
    return () => {
      if (this.checks.get(name) === check) this.checks.delete(name);
    };
  }

  markStarted(): void {
    if (this.phase === 'starting') this.phase = 'serving';
  }

  markDraining(): void {
    this.phase = 'draining';
  }

  get draining(): boolean {
    return this.phase === 'draining';
  }

  status(): HealthStatus {
    const reasons: string[] = [];
    if (this.phase === 'starting') reasons.push('starting: start() has not finished');
    if (this.phase === 'draining') reasons.push('draining: shutting down');
    for (const [name, check] of this.checks) {
      const reason = evaluate(check);
      if (reason !== undefined) reasons.push(`${name}: ${reason}`);
    }
    return { ready: reasons.length === 0, reasons };
  }
}

function evaluate(check: HealthCheck): string | undefined {
  try {
    const result = check();
    if (result === true) return undefined;
    if (typeof result === 'string' && result !== '') return result;
    return 'not ready';
  } catch (err) {
    // A throwing check is a bug in the check, but the probe must still answer.
    return `check failed: ${describeError(err)}`;
  }
}
