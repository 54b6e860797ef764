import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import type { AdminSource } from './admin-source';
import { clustersJson, clustersText } from './clusters-format';
import { configDump } from './config-dump';
import { statsPrometheus, statsText } from './stats-format';

export interface AdminServerOptions {
  /** 127.0.0.1 as Envoy's bootstrap binds it, or the pod IP when debugging from outside. */
  readonly host: string;
  readonly port: number;
  readonly source: AdminSource;
  /** The logger whose level /logging shows and changes. */
  readonly log: Logger;
}

export interface HttpServerHandle {
  readonly port: number;
  close(): Promise<void>;
}

type Method = 'GET' | 'POST';
type Handler = (req: FastifyRequest, reply: FastifyReply) => Promise<unknown> | unknown;
const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'critical', 'off'];
const PINO_LEVEL: Readonly<Record<string, string>> = { critical: 'fatal', off: 'silent' };
const ENVOY_LEVEL: Readonly<Record<string, string>> = { fatal: 'critical', silent: 'off' };

const text = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/plain; charset=UTF-8').send(body);

type Routes = Map<string, Partial<Record<Method, Handler>>>;

function route(routes: Routes, method: Method, path: string, handler: Handler): void {
  routes.set(path, { ...routes.get(path), [method]: handler });
}

/**
 * Registers each path for every method: the methods it serves get their handler, the others
 * 405, as Envoy's admin answers a mutating endpoint hit with GET.
 */
function register(app: FastifyInstance, routes: Routes): void {
  for (const [path, handlers] of routes) {
    app.all(path, async (req, reply) => {
      const handler = handlers[req.method as Method] ?? (req.method === 'HEAD' ? handlers.GET : undefined);
      if (handler) return handler(req, reply);
      const allowed = Object.keys(handlers).join(', ');
      return text(reply.header('allow', allowed), 405, `This endpoint requires a ${allowed} request; got ${req.method}.\n`);
    });
  }
}

/** Routes shared by the admin port and the Prometheus stats port (:15090). */
function prometheusRoute(routes: Routes, source: AdminSource): void {
  route(routes, 'GET', '/stats/prometheus', (_req, reply) => reply.type('text/plain; version=0.0.4; charset=utf-8').send(statsPrometheus(source.stats())));
}

/** Envoy's admin API (:15000) over what the sidecar holds. */
export async function startAdminServer(options: AdminServerOptions): Promise<HttpServerHandle> {
  const { source, log } = options;
  const app = Fastify({ logger: false });
  const routes: Routes = new Map();
  route(routes, 'GET', '/config_dump', () => configDump(source.snapshot()));
  route(routes, 'GET', '/clusters', (req, reply) =>
    (req.query as Record<string, string | undefined>)['format'] === 'json' ? clustersJson(source.clusters()) : text(reply, 200, clustersText(source.clusters())),
  );
  route(routes, 'GET', '/stats', (req, reply) => {
    const format = (req.query as Record<string, string | undefined>)['format'];
    if (format === 'json') return { stats: Object.entries(source.stats()).sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value })) };
    if (format === 'prometheus') return reply.type('text/plain; version=0.0.4; charset=utf-8').send(statsPrometheus(source.stats()));
    return text(reply, 200, statsText(source.stats()));
  });
  prometheusRoute(routes, source);
  route(routes, 'GET', '/ready', (_req, reply) => {
    const state = source.state();
    return text(reply, state === 'LIVE' ? 200 : 503, `${state}\n`);
  });
  route(routes, 'POST', '/drain_listeners', async (_req, reply) => {
    await source.drainListeners();
    return text(reply, 200, 'OK\n');
  });
  route(routes, 'POST', '/quitquitquit', async (_req, reply) => {
    reply.raw.once('finish', () => source.quit());
    return text(reply, 200, 'OK\n');
  });
  route(routes, 'GET', '/logging', (_req, reply) => text(reply, 200, loggingText(log)));
  route(routes, 'POST', '/logging', (req, reply) => {
    const level = (req.query as Record<string, string | undefined>)['level'];
    if (!level || !LEVELS.includes(level)) return text(reply, 404, `usage: /logging?level=<level> (one of ${LEVELS.join(', ')})\n`);
    log.level = PINO_LEVEL[level] ?? level;
    log.info({ level }, 'admin: log level changed');
    return text(reply, 200, loggingText(log));
  });
  route(routes, 'GET', '/server_info', () => serverInfo(source));
  route(routes, 'GET', '/memory', () => memoryInfo());
  register(app, routes);
  app.setNotFoundHandler((req, reply) => text(reply, 404, `invalid path: ${req.url}\n`));
  app.setErrorHandler((err, _req, reply) => text(reply, 500, `${describeError(err)}\n`));
  await app.listen({ host: options.host, port: options.port });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

/** Prometheus scrape port (:15090), as Istio's pod annotations point Prometheus at. */
export async function startStatsServer(options: { host: string; port: number; source: AdminSource }): Promise<HttpServerHandle> {
  const app = Fastify({ logger: false });
  const routes: Routes = new Map();
  prometheusRoute(routes, options.source);
  register(app, routes);
  app.setNotFoundHandler((req, reply) => text(reply, 404, `invalid path: ${req.url}\n`));
  await app.listen({ host: options.host, port: options.port });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

function loggingText(log: Logger): string {
  return `active loggers:\n  sidecar: ${ENVOY_LEVEL[log.level] ?? log.level}\n`;
}

/**
 * Envoy's /memory keys (byte counts as strings), filled from V8: `allocated` is the live JS heap,
 * `heap_size` what V8 reserved for it, `total_physical_bytes` the process's resident set; `node`
 * adds what a Node process has besides (buffers outside the heap, their array buffers).
 */
function memoryInfo(): unknown {
  const m = process.memoryUsage();
  return {
    allocated: String(m.heapUsed),
    heap_size: String(m.heapTotal),
    total_physical_bytes: String(m.rss),
    node: { rss: m.rss, heap_used: m.heapUsed, heap_total: m.heapTotal, external: m.external, array_buffers: m.arrayBuffers },
  };
}

function serverInfo(source: AdminSource): unknown {
  const uptime = `${Math.floor((Date.now() - source.startedAt.getTime()) / 1000)}s`;
  return {
    version: `tsmesh-sidecar/${source.version}`,
    state: source.state(),
    uptime_current_epoch: uptime,
    uptime_all_epochs: uptime,
    hot_restart_version: 'disabled',
    command_line_options: { service_node: source.node.id, service_cluster: source.node.cluster },
    node: { id: source.node.id, cluster: source.node.cluster, metadata: source.node.metadata, user_agent_name: 'tsmesh-sidecar' },
  };
}
