import { validateFiles } from '@tsmesh/galley-validation';
import { parseArguments, UsageError, type OptionSpec } from '../cli/cli-arguments';
import { type Command, EXIT } from './command';

// `istioctl validate`: the same validation galley applies, offline, over files and directories.

const OPTIONS: readonly OptionSpec[] = [
  { name: 'filename', short: 'f', kind: 'string', valueName: 'file|dir', description: 'file or directory to validate; more may follow as arguments' },
  { name: 'output', short: 'o', kind: 'string', valueName: 'text|json', description: 'report format (default text)' },
];

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Validate Istio configuration files and directories (errors fail, warnings do not)',
  usage: '-f <file|dir> [<file|dir>...] [-o text|json]',
  options: OPTIONS,
  async run(argv, io) {
    const { options, positionals } = parseArguments(argv, OPTIONS, 'validate');
    const paths = [...(typeof options['filename'] === 'string' ? [options['filename']] : []), ...positionals];
    if (paths.length === 0) throw new UsageError('validate: filename not specified (see --filename or -f)');
    const format = options['output'] ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`validate: --output must be text or json, not "${String(format)}"`);
    const report = await validateFiles(paths);
    if (format === 'json') {
      io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      for (const error of report.errors) io.stdout(`Error: ${error}\n`);
      for (const warning of report.warnings) io.stdout(`Warning: ${warning}\n`);
      const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
      io.stdout(`${report.valid ? 'valid' : 'invalid'}: ${plural(report.resources, 'resource')} in ${plural(report.files, 'file')}, ${plural(report.errors.length, 'error')}, ${plural(report.warnings.length, 'warning')}\n`);
    }
    return report.valid ? EXIT.ok : EXIT.failure;
  },
};
