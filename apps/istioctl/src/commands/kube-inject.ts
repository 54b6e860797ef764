import { loadInjectorConfig, type ConfigFile } from '@tsmesh/injector-injection';
import { kubeInject } from '@tsmesh/injector-kube-inject';
import { parseArguments, UsageError, type OptionSpec } from '../cli/cli-arguments';
import type { Command } from './command';
import { EXIT } from './command';

// `istioctl kube-inject`: offline sidecar injection over Kubernetes YAML (Istio 1.2 flags;
// the cluster-side --*ConfigMapName flags need an API server and are not offered).

const OPTIONS: readonly OptionSpec[] = [
  { name: 'filename', short: 'f', kind: 'string', valueName: 'file|-', description: 'input Kubernetes YAML ("-" reads stdin)' },
  { name: 'output', short: 'o', kind: 'string', valueName: 'file', description: 'write the injected YAML here instead of stdout' },
  { name: 'injectConfigFile', kind: 'string', valueName: 'file', description: 'injection parameters: Helm values shape (global.hub, global.proxy.*) plus policy' },
  { name: 'valuesFile', kind: 'string', valueName: 'file', description: 'Istio Helm values.yaml; merged under --injectConfigFile' },
  { name: 'meshConfigFile', kind: 'string', valueName: 'file', description: 'mesh configuration (MeshConfig YAML); default: Istio 1.2 install defaults' },
];

const stringOption = (options: Readonly<Record<string, string | boolean>>, name: string): string | undefined =>
  typeof options[name] === 'string' ? (options[name] as string) : undefined;

export const kubeInjectCommand: Command = {
  name: 'kube-inject',
  summary: 'Inject the Envoy sidecar into Kubernetes pod resources',
  usage: '-f <file|-> [-o <file>] [--injectConfigFile <file>] [--valuesFile <file>] [--meshConfigFile <file>]',
  options: OPTIONS,
  async run(argv, io) {
    const { options, positionals } = parseArguments(argv, OPTIONS, 'kube-inject');
    if (positionals.length > 0) throw new UsageError(`kube-inject: unexpected argument "${positionals[0]}"`);
    const input = stringOption(options, 'filename');
    if (!input) throw new UsageError('kube-inject: filename not specified (see --filename or -f)');
    const inject: ConfigFile[] = [];
    const valuesFile = stringOption(options, 'valuesFile');
    const injectConfigFile = stringOption(options, 'injectConfigFile');
    const meshConfigFile = stringOption(options, 'meshConfigFile');
    if (valuesFile) inject.push({ path: valuesFile, flag: '--valuesFile' });
    if (injectConfigFile) inject.push({ path: injectConfigFile, flag: '--injectConfigFile' });
    const warn = (message: string): void => io.stderr(`${message}\n`);
    const config = await loadInjectorConfig({ inject, ...(meshConfigFile && { mesh: { path: meshConfigFile, flag: '--meshConfigFile' } }) }, warn);
    const text = input === '-' ? await io.readStdin() : await io.readFile(input);
    const result = kubeInject(config, text, warn, input === '-' ? 'stdin' : input);
    const output = stringOption(options, 'output');
    if (output) await io.writeFile(output, result.yaml);
    else io.stdout(result.yaml);
    return EXIT.ok;
  },
};
