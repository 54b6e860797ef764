import { describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';

export type ShutdownHook = () => void | Promise<void>;

/**
 * Ordered shutdown hooks. They run in reverse registration order, one at a time, because later
 * resources usually depend on earlier ones (close the gRPC server before the store it reads).
 * A failing hook is logged and does not stop the others.
 */
export class ShutdownHooks {
  private readonly hooks: { readonly name: string; readonly run: ShutdownHook }[] = [];

  add(run: ShutdownHook, name = `hook ${this.hooks.length + 1}`): void {
    this.hooks.push({ name, run });
  }

  get size(): number {
    return this.hooks.length;
  }

  /** Runs every hook once; hooks added while running are ignored. Resolves to the number that failed. */
  async runAll(log: Logger): Promise<number> {
    const pending = this.hooks.splice(0).reverse();
    let failed = 0;
    for (const hook of pending) {
      try {
        await hook.run();
      } catch (err) {
        failed++;
        log.warn({ hook: hook.name }, `shutdown hook "${hook.name}" failed: ${describeError(err)}`);
      }
    }
    return failed;
  }
}

/** Resolves with the work's value, or `timedOut` once `ms` passed; the work itself is not cancelled. */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<{ timedOut: false; value: T } | { timedOut: true }> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<{ timedOut: true }>((resolve) => {
    timer = setTimeout(() => resolve({ timedOut: true }), ms);
  });
  try {
    return await Promise.race([work.then((value) => ({ timedOut: false as const, value })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
