import type { CliIo } from '../cli/cli-io';
import type { OptionSpec } from '../cli/cli-arguments';

export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** One `istioctl <verb>`: its own module, listed in the registry. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Usage line after `istioctl <name>`. */
  readonly usage: string;
  readonly options: readonly OptionSpec[];
  /** Returns the exit code; throws UsageError for bad arguments, anything else for failures. */
  run(argv: readonly string[], io: CliIo): Promise<number>;
}
