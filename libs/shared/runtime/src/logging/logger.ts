import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from '../config/standard-flags';

export type { Logger } from 'pino';

export interface LoggerOptions {
  /** Component name, written as the `component` field of every line. */
  readonly component: string;
  readonly level?: LogLevel;
  /** Where JSON lines go; defaults to stdout written synchronously. */
  readonly destination?: DestinationStream;
}

/**
 * JSON lines on stdout: `{"level":"info","time":"...","component":"pilot","pid":1,"msg":"..."}`.
 * Level names rather than numbers so humans and `grep` can read them. Writes are synchronous
 * because the control plane logs little and every line before `process.exit` must survive.
 */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { component: options.component, pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
