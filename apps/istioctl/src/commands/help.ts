import { formatOptions } from '../cli/cli-arguments';
import { EXIT, type Command } from './command';

// Help text; the command list is passed in (the registry owns it) so no import cycle forms.

export function generalHelp(commands: readonly Command[]): string {
  const verbs = commands.map((command) => `  ${command.name.padEnd(14)} ${command.summary}`).join('\n');
  return `istioctl controls the tsmesh (Istio 1.2 compatible) service mesh.\n\nUsage:\n  istioctl <command> [flags]\n\nCommands:\n${verbs}\n\nRun "istioctl help <command>" for a command's flags.\n`;
}

export function commandHelp(command: Command): string {
  const options = command.options.length > 0 ? `\nFlags:\n${formatOptions(command.options)}\n` : '';
  return `${command.summary}\n\nUsage:\n  istioctl ${command.name} ${command.usage}\n${options}`;
}

export function createHelpCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'help',
    summary: 'Help about any command',
    usage: '[command]',
    options: [],
    async run(argv, io) {
      const [topic] = argv;
      if (topic === undefined) {
        io.stdout(generalHelp(commands()));
        return EXIT.ok;
      }
      const command = commands().find((candidate) => candidate.name === topic);
      if (!command) {
        io.stderr(`Error: unknown command "${topic}" for "istioctl help"\n`);
        return EXIT.failure;
      }
      io.stdout(commandHelp(command));
      return EXIT.ok;
    },
  };
}
