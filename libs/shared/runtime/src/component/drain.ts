import type { Logger } from 'pino';
import { withDeadline, type ShutdownHooks } from '../lifecycle/shutdown-hooks';
import type { HealthRegistry } from '../monitoring/health';
import type { MonitoringServer } from '../monitoring/server';
import type { Telemetry } from '../telemetry/telemetry';

export interface StopResult {
  readonly outcome: 'drained' | 'timed-out';
  readonly durationMs: number;
  readonly failedHooks: number;
}

export interface DrainParts {
  readonly reason: string;
  /** Start-failure cleanup logs at debug, so a failed start stays a single error line. */
  readonly quiet: boolean;
  readonly config: { readonly drainTimeout: number };
  readonly log: Logger;
  readonly health: HealthRegistry;
  readonly hooks: ShutdownHooks;
  readonly aborter: AbortController;
  readonly monitoring: MonitoringServer;
  readonly telemetry: Telemetry;
}

/** Extra time after a timed-out drain to close the monitoring server and flush telemetry. */
const INTERNALS_CLOSE_MS = 1_000;

/**
 * Graceful shutdown: mark not ready and abort ctx.signal, run the component's hooks in reverse,
 * then close the monitoring server and flush telemetry; all bounded by --drain-timeout.
 */
export async function drain(parts: DrainParts): Promise<StopResult> {
  const { log, hooks, config } = parts;
  const level = parts.quiet ? 'debug' : 'info';
  const started = Date.now();
  parts.health.markDraining();
  parts.aborter.abort(new Error(`draining: ${parts.reason}`));
  log[level](`draining (${parts.reason}): marked not ready, running ${hooks.size} shutdown hook(s)`);

  // Internals close last: the monitoring server keeps answering 503 while hooks run.
  const closeInternals = (): Promise<unknown> => Promise.allSettled([parts.monitoring.close(), parts.telemetry.shutdown()]);
  const work = (async () => {
    const failed = await hooks.runAll(log);
    await closeInternals();
    return failed;
  })();
  const result = await withDeadline(work, config.drainTimeout);
  const durationMs = Date.now() - started;
  if (result.timedOut) {
    log.warn(`drain timed out after ${durationMs}ms (--drain-timeout); abandoning unfinished shutdown hooks`);
    // Closing our own listeners is quick and keeps ports from leaking into the next test or restart.
    await withDeadline(closeInternals(), INTERNALS_CLOSE_MS);
    return { outcome: 'timed-out', durationMs, failedHooks: 0 };
  }
  log[level](`drained in ${durationMs}ms`);
  return { outcome: 'drained', durationMs, failedHooks: result.value };
}
