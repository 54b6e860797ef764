import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface RunnerArgs {
  readonly configDir: string;
  readonly workloadsFile: string;
  readonly statusJson?: string;
  readonly stateDir: string;
  readonly distDir: string;
  /** Stop after everything is up and the status is written (for scripts); default: stay up. */
  readonly exitWhenReady: boolean;
  readonly readyTimeoutMs: number;
}

const USAGE = `usage: npm start -- [--config-dir <dir>] [--workloads <file>] [--status-json <file>] [--state-dir <dir>]
  --config-dir   Istio/Kubernetes YAML galley watches (default deploy/local/config)
  --workloads    demo workloads to run with sidecars (default deploy/local/workloads.yaml)
  --status-json  write pid, ports and health of every component here once all are up
  --state-dir    logs, CA root, tokens (default .tsmesh/local)`;

export function parseRunnerArgs(argv: string[], cwd = process.cwd()): RunnerArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      'config-dir': { type: 'string', default: 'deploy/local/config' },
      workloads: { type: 'string', default: 'deploy/local/workloads.yaml' },
      'status-json': { type: 'string' },
      'state-dir': { type: 'string', default: '.tsmesh/local' },
      'dist-dir': { type: 'string', default: 'dist/apps' },
      'exit-when-ready': { type: 'boolean', default: false },
      'ready-timeout': { type: 'string', default: '60' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const timeout = Number(values['ready-timeout']);
  if (!Number.isFinite(timeout) || timeout <= 0) throw new Error(`--ready-timeout must be a number of seconds, got "${values['ready-timeout']}"`);
  return {
    configDir: resolve(cwd, values['config-dir']),
    workloadsFile: resolve(cwd, values.workloads),
    statusJson: values['status-json'] ? resolve(cwd, values['status-json']) : undefined,
    stateDir: resolve(cwd, values['state-dir']),
    distDir: resolve(cwd, values['dist-dir']),
    exitWhenReady: values['exit-when-ready'],
    readyTimeoutMs: timeout * 1000,
  };
}
