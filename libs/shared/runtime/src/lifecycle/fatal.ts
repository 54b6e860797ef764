import { describeError, isMeshError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';

/**
 * Fields for a one-line failure log. Typed mesh errors are expected operational failures and
 * carry their reason in the message; anything else is a bug, so its stack rides along as a field
 * (still one JSON line).
 */
export function failureFields(err: unknown): Record<string, unknown> {
  if (isMeshError(err)) return { code: err.code };
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return { ...(code ? { code } : {}), ...(err instanceof Error && err.stack ? { stack: err.stack } : {}) };
}

/**
 * A process with an unhandled rejection or uncaught exception is in an unknown state: log one
 * fatal line and exit 1 instead of limping on (Node's default would print a multi-line dump).
 */
export function installFatalHandlers(log: Logger, exit: (code: number) => void): () => void {
  const onRejection = (reason: unknown): void => {
    log.fatal(failureFields(reason), `unhandled promise rejection: ${describeError(reason)}`);
    exit(1);
  };
  const onException = (err: unknown): void => {
    log.fatal(failureFields(err), `uncaught exception: ${describeError(err)}`);
    exit(1);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}

/**
 * Node prints warnings (deprecations, listener leaks) to stderr as multi-line text; route them
 * into the JSON log instead so every line a component writes is machine-readable.
 */
export function routeProcessWarnings(log: Logger): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    const code = (warning as Error & { code?: string }).code;
    log.warn({ warning: warning.name, ...(code ? { code } : {}) }, `node warning: ${warning.message}`);
  });
}
