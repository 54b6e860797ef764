import { BindError } from '@tsmesh/shared-errors';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { registerDebugRoutes } from './debug-routes';
import type { Discovery } from './discovery';

export interface DebugServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Pilot's HTTP debug port (8080 in Istio 1.2), separate from the monitoring port as in Istio. */
export async function startDebugServer(host: string, port: number, discovery: Discovery): Promise<DebugServer> {
  const app = Fastify({ logger: false, bodyLimit: 64 * 1024 });
  registerDebugRoutes(app, discovery);
  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: `no debug endpoint at ${req.url}` }));
  try {
    await app.listen({ host, port });
  } catch (err) {
    await app.close();
    throw new BindError(`cannot listen on ${host}:${port}: ${(err as Error).message}`, { field: '--http-port', cause: err });
  }
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}
