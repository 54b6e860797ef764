import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { Agent, request } from 'undici';
import { DataPlane } from './data-plane';
import { clusterOver, ms, routesFor } from './resilience.test-config';
import { outboundListener, virtualListener } from './test-config';

describe('a config change under traffic', () => {
  let upstream: Server;
  let dp: DataPlane;
  let proxy: number;
  const C = 'outbound|9080||svc.default.svc.cluster.local';
  const agent = new Agent({ connections: 1 });

  const apply = (connectTimeoutMs: number, prefix: string) =>
    dp.apply({
      listeners: new Map([['virtual', virtualListener(proxy)], ['0.0.0.0_9080', outboundListener(9080)]]),
      routes: new Map([['9080', routesFor(9080, 'svc.default.svc.cluster.local', [{ prefix, cluster: C }])]]),
      clusters: new Map([[C, clusterOver(C, [(upstream.address() as AddressInfo).port], { connectTimeout: ms(connectTimeoutMs) })]]),
      loadAssignments: new Map(),
    });

  beforeAll(async () => {
    upstream = createServer((req, res) => void setTimeout(() => res.end(`done ${req.url}`), req.url === '/slow' ? 400 : 0));
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    proxy = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 't', accessLog: () => undefined });
    await apply(1000, '/');
  });

  afterAll(async () => {
    await agent.close();
    await dp.close(200);
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
  });

  const get = (path: string) => request(`http://127.0.0.1:${proxy}${path}`, { dispatcher: agent, headers: { host: 'svc.default.svc.cluster.local:9080' } });

  it('finishes in-flight requests when their cluster and route are replaced, and keeps the open connection serving', async () => {
    const inFlight = get('/slow');
    await new Promise((r) => setTimeout(r, 100));
    await apply(2000, '/s');
    const res = await inFlight;
    expect(res.statusCode).toBe(200);
    expect(await res.body.text()).toBe('done /slow');
    const next = await get('/second');
    expect(next.statusCode).toBe(200);
    await next.body.dump();
  });

  it('a route the new config no longer allows gets 404 NR on the same connection', async () => {
    await apply(2000, '/only-this');
    const res = await get('/other');
    expect(res.statusCode).toBe(404);
    await res.body.dump();
  });
});
