import { ISTIO_VERSION, TSMESH_VERSION } from '@tsmesh/shared-runtime';
import { parseArguments, UsageError, type OptionSpec } from '../cli/cli-arguments';
import { EXIT, type Command } from './command';

const OPTIONS: readonly OptionSpec[] = [{ name: 'short', short: 's', kind: 'boolean', description: 'print just the version number' }];

export const versionCommand: Command = {
  name: 'version',
  summary: 'Print the istioctl version',
  usage: '[--short]',
  options: OPTIONS,
  async run(argv, io) {
    const { options, positionals } = parseArguments(argv, OPTIONS, 'version');
    if (positionals.length > 0) throw new UsageError(`version: unexpected argument "${positionals[0]}"`);
    io.stdout(options['short'] ? `${TSMESH_VERSION}\n` : `client version: tsmesh ${TSMESH_VERSION} (Istio ${ISTIO_VERSION} compatible)\n`);
    return EXIT.ok;
  },
};
