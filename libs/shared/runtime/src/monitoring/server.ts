import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify';
import { describeError, isMeshError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import { toBindError } from '../net/address';
import { builtinEndpoints, errorResponse, notFound, type EndpointResponse, type EndpointSources } from './endpoints';

export interface MonitoringServerOptions extends EndpointSources {
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
}

export interface MonitoringServer {
  /** Add routes here until {@link MonitoringServer.ready} is called. */
  readonly app: FastifyInstance;
  /** The bound port (the real one when 0 was requested). */
  readonly port: number;
  readonly host: string;
  /** Finishes fastify's plugin loading and from then on routes every request through fastify. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Binds the monitoring port immediately, before the component's start() runs, so probes and the
 * local-mesh runner get answers (503 while starting) and a busy port fails fast. Fastify does not
 * accept routes after it is ready, yet start() must be able to add debug routes; so until
 * ready() a small fallback serves the built-in endpoints itself, then fastify takes over.
 */
export async function startMonitoringServer(options: MonitoringServerOptions): Promise<MonitoringServer> {
  const endpoints = builtinEndpoints(options);
  let fastifyHandler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let fastifyReady = false;

  const server: Server = createServer((req, res) => {
    if (fastifyReady && fastifyHandler) return fastifyHandler(req, res);
    void serveBeforeReady(req, res);
  });
  const app = Fastify({
    // Fastify's logger type is a structural subset of pino's; typing it as such keeps `app` a
    // plain FastifyInstance for callers.
    loggerInstance: options.log.child({ subsystem: 'monitoring' }) as FastifyBaseLogger,
    // Probes and scrapes every few seconds would drown the log.
    logController: new LogController({ disableRequestLogging: true }),
    serverFactory: (handler) => {
      fastifyHandler = handler;
      return server;
    },
  });

  for (const [path, endpoint] of endpoints) {
    app.get(path, async (_request, reply) => {
      return send(reply, await endpoint());
    });
  }
  app.setNotFoundHandler((request, reply) => send(reply, notFound(request.method, request.url)));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = httpStatusOf(error);
    if (status >= 500) options.log.warn({ path: request.url }, `monitoring request failed: ${describeError(error)}`);
    return send(reply, errorResponse(status, describeError(error), isMeshError(error) ? error.code : undefined));
  });

  async function serveBeforeReady(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const endpoint = req.method === 'GET' || req.method === 'HEAD' ? endpoints.get(path) : undefined;
    let response: EndpointResponse;
    try {
      response = endpoint ? await endpoint() : notFound(req.method ?? 'GET', req.url ?? '/');
    } catch (err) {
      response = errorResponse(500, describeError(err));
    }
    res.writeHead(response.status, { 'content-type': response.contentType });
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  await listen(server, options.host, options.port);
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    app,
    port,
    host: options.host,
    async ready() {
      await app.ready();
      fastifyReady = true;
    },
    close() {
      closing ??= (async () => {
        await app.close().catch((err: unknown) => options.log.warn(`closing monitoring routes: ${describeError(err)}`));
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          // Probes and scrapers use keep-alive; without this close() would wait for them to hang up.
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}

function send(reply: FastifyReply, response: EndpointResponse): FastifyReply {
  return reply.code(response.status).type(response.contentType).send(response.body);
}

function httpStatusOf(error: unknown): number {
  if (isMeshError(error)) return error.httpStatus;
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (err: Error): void => reject(toBindError(err, 'monitoring server', host, port, '--monitoring-port'));
    server.once('error', onError);
    server.listen({ host, port }, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
