import type { SpanProcessor } from '@opentelemetry/sdk-trace';
import type { DestinationStream, Logger } from 'pino';
import type { FlagSpecs } from '../config/flags';
import { parseConfig, type ParseInput } from '../config/parse';
import { ShutdownHooks } from '../lifecycle/shutdown-hooks';
import { createLogger } from '../logging/logger';
import { HealthRegistry } from '../monitoring/health';
import { startMonitoringServer, type MonitoringServer } from '../monitoring/server';
import { AnnouncementBoard } from '../monitoring/status';
import { formatHostPort } from '../net/address';
import { createTelemetry } from '../telemetry/telemetry';
import { componentSpec } from './component-spec';
import { drain, type StopResult } from './drain';
import { TSMESH_VERSION, type ComponentConfig, type ComponentContext, type ComponentDefinition } from './types';
import { zipkinProcessors } from '../telemetry/zipkin';

export type { StopResult } from './drain';

export interface StartComponentOptions<S extends FlagSpecs> {
  /** Already-parsed config; when absent, `argv`/`env` are parsed (ConfigError on bad input). */
  readonly config?: ComponentConfig<S>;
  readonly argv?: ParseInput['argv'];
  readonly env?: ParseInput['env'];
  /** A logger to use instead of creating one (runComponent creates it early for fatal handlers). */
  readonly log?: Logger;
  /** Where a created logger writes; stdout by default. */
  readonly logDestination?: DestinationStream;
  readonly spanProcessors?: readonly SpanProcessor[];
  /** See TelemetryOptions.registerGlobal; only runComponent sets it. */
  readonly registerGlobalTelemetry?: boolean;
}

export interface ComponentHandle<C> {
  readonly context: ComponentContext<C>;
  readonly config: C;
  readonly log: Logger;
  readonly monitoringPort: number;
  /** `http://host:port` of the monitoring server. */
  readonly monitoringUrl: string;
  /** Ports announced so far, including `monitoring`. */
  ports(): Readonly<Record<string, number>>;
  /** Drains once (repeat calls share the result): not ready, hooks in reverse, then internals. */
  stop(reason?: string): Promise<StopResult>;
}

/**
 * Starts a component inside the current process without touching process-wide state (signals,
 * exit, globals): the testable core of runComponent. Order: logger, telemetry, monitoring
 * server (answers 503 meanwhile), start(), fastify routes, ready. If start() throws, everything
 * already started is drained quietly and the error is rethrown.
 */
export async function startComponent<S extends FlagSpecs>(
  definition: ComponentDefinition<S>,
  options: StartComponentOptions<S> = {},
): Promise<ComponentHandle<ComponentConfig<S>>> {
  const config =
    options.config ??
    (parseConfig(componentSpec(definition.config), { argv: options.argv ?? [], env: options.env }) as ComponentConfig<S>);
  const { name } = definition;
  const version = definition.version ?? TSMESH_VERSION;
  const log = options.log ?? createLogger({ component: name, level: config.logLevel, destination: options.logDestination });
  const telemetry = createTelemetry({
    component: name,
    version,
    spanProcessors: [...(options.spanProcessors ?? []), ...zipkinProcessors(config.traceZipkinUrl, name)],
    registerGlobal: options.registerGlobalTelemetry,
  });
  const health = new HealthRegistry();
  const board = new AnnouncementBoard();
  const hooks = new ShutdownHooks();
  const aborter = new AbortController();
  telemetry.meter
    .createObservableGauge('tsmesh_ready', { description: '1 when /healthz/ready answers 200, else 0.' })
    .addCallback((result) => result.observe(health.status().ready ? 1 : 0));

  let monitoring: MonitoringServer;
  try {
    monitoring = await startMonitoringServer({
      name,
      version,
      host: config.host,
      port: config.monitoringPort,
      log,
      health,
      board,
      renderMetrics: () => telemetry.renderPrometheus(),
    });
  } catch (err) {
    await telemetry.shutdown();
    throw err;
  }
  board.announce({ ports: { monitoring: monitoring.port } });

  const context: ComponentContext<ComponentConfig<S>> = {
    name,
    version,
    config,
    log,
    meter: telemetry.meter,
    tracer: telemetry.tracer,
    health: { addCheck: (checkName, check) => health.addCheck(checkName, check) },
    onShutdown: (hook, hookName) => hooks.add(hook, hookName),
    monitoring: monitoring.app,
    announce: (announcement) => board.announce(announcement),
    signal: aborter.signal,
  };

  let stopping: Promise<StopResult> | undefined;
  const stop = (reason = 'stop requested', quiet = false): Promise<StopResult> => {
    stopping ??= drain({ reason, quiet, config, log, health, hooks, aborter, monitoring, telemetry });
    return stopping;
  };

  try {
    await definition.start(context);
    await monitoring.ready();
  } catch (err) {
    await stop(`start failed`, true);
    throw err;
  }
  health.markStarted();
  const ports = board.snapshot().ports;
  const portList = Object.entries(ports).map(([portName, port]) => `${portName}=${port}`);
  log.info({ ports }, `${name} ready on ${config.host}: ${portList.join(' ')}`);

  return {
    context,
    config,
    log,
    monitoringPort: monitoring.port,
    monitoringUrl: `http://${formatHostPort(config.host, monitoring.port)}`,
    ports: () => board.snapshot().ports,
    stop: (reason) => stop(reason),
  };
}
