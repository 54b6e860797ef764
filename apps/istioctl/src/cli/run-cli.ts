import { describeError, isMeshError } from '@tsmesh/shared-errors';
import { EXIT } from '../commands/command';
import { commandHelp, generalHelp } from '../commands/help';
import { COMMANDS, findCommand } from '../commands/registry';
import { UsageError } from './cli-arguments';
import type { CliIo } from './cli-io';

// Dispatches `istioctl <verb> ...`. Errors end as one line on stderr: usage mistakes exit 2
// (with the command's usage line), anything else exits 1, like cobra-based istioctl.

function oneLine(error: unknown): string {
  if (isMeshError(error)) return [error.source, error.field, error.message].filter(Boolean).join(': ');
  return describeError(error);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === '--help' || verb === '-h') {
    io.stdout(generalHelp(COMMANDS));
    return EXIT.ok;
  }
  const command = findCommand(verb);
  if (!command) {
    io.stderr(`Error: unknown command "${verb}" for "istioctl" (commands: ${COMMANDS.map((c) => c.name).join(', ')})\n`);
    return EXIT.failure;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(commandHelp(command));
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`Error: ${error.message}\nUsage: istioctl ${command.name} ${command.usage}\n`);
      return EXIT.usage;
    }
    io.stderr(`Error: ${command.name}: ${oneLine(error)}\n`);
    return EXIT.failure;
  }
}
