import * as grpc from '@grpc/grpc-js';
import { ConfigError, describeError, isMeshError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import type { FlagSpecs } from '../config/flags';
import { parseArgs, type ParseInput } from '../config/parse';
import { formatUsage } from '../config/usage';
import { failureFields, installFatalHandlers, routeProcessWarnings } from '../lifecycle/fatal';
import { onTerminationSignals } from '../lifecycle/signals';
import { createLogger } from '../logging/logger';
import { componentSpec } from './component-spec';
import { startComponent, type ComponentHandle } from './start-component';
import type { ComponentConfig, ComponentDefinition } from './types';

/** Exit codes shared by every component (and asserted by the local-mesh runner and e2e tests). */
export const EXIT_CODES = { ok: 0, failure: 1, badConfig: 2 } as const;

export interface RunComponentOptions {
  /** Defaults to `process.argv.slice(2)`. */
  readonly argv?: ParseInput['argv'];
  /** Defaults to `process.env`. */
  readonly env?: ParseInput['env'];
}

/**
 * The whole `main.ts` of every app: binds a component to the process. Config errors print one
 * line to stderr and exit 2; start failures log one line and exit 1; SIGTERM/SIGINT drain and
 * exit 0 (a second signal exits 1 at once); unhandled rejections log one fatal line and exit 1.
 */
export function runComponent<S extends FlagSpecs>(definition: ComponentDefinition<S>, options: RunComponentOptions = {}): void {
  void run(definition, options);
}

async function run<S extends FlagSpecs>(definition: ComponentDefinition<S>, options: RunComponentOptions): Promise<void> {
  const { name } = definition;
  let config: ComponentConfig<S>;
  try {
    const spec = componentSpec(definition.config);
    const parsed = parseArgs(spec, { argv: options.argv ?? process.argv.slice(2), env: options.env ?? process.env });
    if (parsed.kind === 'help') {
      // Exit from the write callback: stdout may be an asynchronous pipe on some platforms.
      process.stdout.write(formatUsage(name, spec, definition.description), () => exit(EXIT_CODES.ok));
      return;
    }
    config = parsed.config as ComponentConfig<S>;
  } catch (err) {
    const code = isMeshError(err, ConfigError) ? EXIT_CODES.badConfig : EXIT_CODES.failure;
    process.stderr.write(`${name}: ${describeError(err)}\n`, () => exit(code));
    return;
  }

  const log = createLogger({ component: name, level: config.logLevel });
  installFatalHandlers(log, exit);
  routeProcessWarnings(log);
  routeGrpcLogs(log);

  let handle: ComponentHandle<ComponentConfig<S>> | undefined;
  onTerminationSignals(
    (signal) => {
      if (!handle) {
        // Nothing is serving yet and start() cannot be interrupted cleanly; leaving is the drain.
        log.info(`received ${signal} while starting; exiting`);
        return exit(EXIT_CODES.ok);
      }
      log.info(`received ${signal}; starting graceful shutdown`);
      void handle.stop(`received ${signal}`).then(() => {
        log.info(`exiting with code ${EXIT_CODES.ok}`);
        exit(EXIT_CODES.ok);
      });
    },
    (signal) => {
      log.error(`received ${signal} again during shutdown; forcing exit`);
      exit(EXIT_CODES.failure);
    },
  );

  try {
    handle = await startComponent(definition, { config, log, registerGlobalTelemetry: true });
  } catch (err) {
    log.error(failureFields(err), `start failed: ${describeError(err)}`);
    exit(EXIT_CODES.failure);
  }
}

function exit(code: number): void {
  // Logs are written synchronously, so nothing is lost by exiting right away.
  process.exit(code);
}

/**
 * grpc-js prints its own errors to stderr (e.g. a second line for every failed bind). Those
 * reach callers as errors anyway; keep them in the JSON log at debug for troubleshooting.
 */
function routeGrpcLogs(log: Logger): void {
  const grpcLog = log.child({ subsystem: 'grpc-js' });
  grpc.setLogger({ error: (...args: unknown[]) => grpcLog.debug(args.map(String).join(' ')) });
}
