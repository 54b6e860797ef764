import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { HttpServerHandle } from './admin-server';

/**
 * pilot-agent's status port (:15020): `/healthz/ready` answers 200 only once the first full
 * config is applied, else 503 with the reason, so the pod's readiness probe and `wait-ready`
 * can hold traffic and the app back until the sidecar can route.
 */
export async function startStatusServer(options: { host: string; port: number; notReadyReason: () => string | undefined }): Promise<HttpServerHandle> {
  const app = Fastify({ logger: false });
  app.get('/healthz/ready', async (_req, reply) => {
    const reason = options.notReadyReason();
    return reply.code(reason ? 503 : 200).type('text/plain; charset=utf-8').send(reason ? `not ready: ${reason}\n` : 'ready\n');
  });
  await app.listen({ host: options.host, port: options.port });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}
