import { createServer, type Server } from 'node:net';

function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') return reject(new Error('no TCP address after listen'));
      resolve({ server, port: address.port });
    });
  });
}

const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));

/**
 * A TCP port on 127.0.0.1 that was free a moment ago (bound to :0, then released). Another
 * process may grab it in between, so prefer passing port 0 to the code under test when it
 * reports its bound port; use this for processes that must be told a port up front.
 */
export async function freePort(): Promise<number> {
  const { server, port } = await listenOnFreePort();
  await close(server);
  return port;
}

/** `count` distinct free ports: all are held open at once so the kernel cannot hand one out twice. */
export async function freePorts(count: number): Promise<number[]> {
  const held = [];
  try {
    for (let i = 0; i < count; i++) held.push(await listenOnFreePort());
  } finally {
    await Promise.all(held.map(({ server }) => close(server)));
  }
  return held.map(({ port }) => port);
}
