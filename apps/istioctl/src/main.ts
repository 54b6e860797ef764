import { processIo } from './cli/cli-io';
import { runCli } from './cli/run-cli';

// istioctl is a CLI, not a server: parse, run one command, exit with its code.
runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`Error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
