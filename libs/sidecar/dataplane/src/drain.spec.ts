import { createServer, request as httpRequest, Agent as HttpAgent, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { clusterOver } from './resilience.test-config';
import { inboundListener } from './test-config';

describe('draining (SIGTERM): in-flight requests finish, connections are closed so clients go elsewhere', () => {
  let app: Server;
  let dp: DataPlane;
  let port: number;
  const C = 'inbound|9080|http|app.default.svc.cluster.local';

  beforeAll(async () => {
    app = createServer((req, res) => void setTimeout(() => res.end('done'), req.url === '/slow' ? 300 : 0));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    port = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 't', accessLog: () => undefined });
    const listener = { ...inboundListener('127.0.0.1', port, C), bindToPort: true };
    await dp.apply({ listeners: new Map([[listener.name, listener]]), routes: new Map(), clusters: new Map([[C, clusterOver(C, [(app.address() as AddressInfo).port])]]), loadAssignments: new Map() });
  });

  afterAll(async () => {
    await dp.close(100);
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
  });

  it('finishes the request in flight with connection: close, closes idle keep-alive connections, refuses new ones', async () => {
    const keepAlive = new HttpAgent({ keepAlive: true, maxSockets: 2 });
    const get = (path: string) =>
      new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
        httpRequest({ host: '127.0.0.1', port, path, agent: keepAlive }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString())).on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        }).on('error', reject).end();
      });
    // Two warm keep-alive connections; one becomes busy with a slow request, the other stays idle.
    await Promise.all([get('/warm'), get('/warm')]);
    const idleSocketClosed = new Promise<boolean>((resolve) => {
      const free = Object.values(keepAlive.freeSockets).flat();
      if (free.length === 0) resolve(false);
      free[0]?.once('close', () => resolve(true));
    });
    const slow = get('/slow');
    await new Promise((r) => setTimeout(r, 50));
    await dp.drainListeners();
    const res = await slow;
    expect(res).toMatchObject({ status: 200, body: 'done', connection: 'close' });
    expect(await idleSocketClosed).toBe(true);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect(port, '127.0.0.1');
      s.on('connect', () => (s.destroy(), resolve(false)));
      s.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
    keepAlive.destroy();
  });
});
