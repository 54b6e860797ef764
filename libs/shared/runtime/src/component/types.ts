import type { Meter, Tracer } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { ConfigOf, FlagSpecs } from '../config/flags';
import type { StandardFlags } from '../config/standard-flags';
import type { ShutdownHook } from '../lifecycle/shutdown-hooks';
import type { HealthCheck } from '../monitoring/health';
import type { Announcement } from '../monitoring/status';

/** The component's own flags plus --host, --monitoring-port, --log-level, --drain-timeout. */
export type ComponentConfig<S extends FlagSpecs> = ConfigOf<S> & ConfigOf<StandardFlags>;

export interface ComponentContext<C> {
  readonly name: string;
  readonly version: string;
  /** Frozen, typed configuration. */
  readonly config: C;
  readonly log: Logger;
  readonly meter: Meter;
  readonly tracer: Tracer;
  readonly health: {
    /** `() => true` when ready, or a string saying why not; shown on /healthz/ready. Returns a remover. */
    addCheck(name: string, check: HealthCheck): () => void;
  };
  /** Runs during drain, in reverse registration order; the name appears in logs if it fails. */
  onShutdown(hook: ShutdownHook, name?: string): void;
  /** The monitoring server's fastify instance; add routes before start() resolves. */
  readonly monitoring: FastifyInstance;
  /** Reports bound ports and connected peers on /debug/status (merged; `monitoring` is added for you). */
  announce(announcement: Announcement): void;
  /** Aborted when drain begins, for loops (e.g. runWithReconnect) that should stop on shutdown. */
  readonly signal: AbortSignal;
}

export interface ComponentDefinition<S extends FlagSpecs> {
  /** Component name: log `component` field, `service.name`, usage and error prefix. */
  readonly name: string;
  readonly config: S;
  /** Defaults to {@link TSMESH_VERSION}. */
  readonly version?: string;
  /** One paragraph shown by --help. */
  readonly description?: string;
  start(ctx: ComponentContext<ComponentConfig<S>>): void | Promise<void>;
}

/** tsmesh release; kept equal to the root package.json version. */
export const TSMESH_VERSION = '0.1.0';
