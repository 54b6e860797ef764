import { createServer } from 'node:net';
import type { ControlPlanePorts } from './plan';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Free loopback ports for every control-plane listener, all distinct. */
export async function allocateControlPlanePorts(): Promise<ControlPlanePorts> {
  const taken = new Set<number>();
  const next = async (): Promise<number> => {
    for (;;) {
      const port = await freePort();
      if (!taken.has(port)) {
        taken.add(port);
        return port;
      }
    }
  };
  return {
    citadel: { grpc: await next(), monitoring: await next() },
    galley: { grpc: await next(), validation: await next(), monitoring: await next() },
    pilot: { grpc: await next(), http: await next(), monitoring: await next() },
    mixer: { grpc: await next(), monitoring: await next() },
    injector: { https: await next(), monitoring: await next() },
  };
}
