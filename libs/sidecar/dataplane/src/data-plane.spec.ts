import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { BadRequestError } from '@tsmesh/shared-errors';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { outboundListener, passthroughCluster, routeConfig, staticCluster, virtualListener } from './test-config';

interface Seen { path: string; headers: IncomingHttpHeaders }

function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

describe('DataPlane (Envoy protos through the adapters, real loopback servers)', () => {
  let upstream: Server;
  let upstreamPort: number;
  const seen: Seen[] = [];
  const logs: Record<string, unknown>[] = [];
  let dp: DataPlane;
  let proxyPort: number;

  beforeAll(async () => {
    upstream = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      res.end(`hello ${req.url}`);
    });
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    upstreamPort = (upstream.address() as AddressInfo).port;
    proxyPort = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 'productpage', accessLog: (l) => logs.push(JSON.parse(l) as Record<string, unknown>) });
    const cluster = 'outbound|9080||reviews.default.svc.cluster.local';
    const deadCluster = 'outbound|9081||dead.default.svc.cluster.local';
    const deadPort = await freePort();
    await dp.apply({
      listeners: new Map([
        ['virtual', virtualListener(proxyPort)],
        ['0.0.0.0_9080', outboundListener(9080)],
        ['0.0.0.0_9081', outboundListener(9081)],
      ]),
      routes: new Map([
        ['9080', routeConfig(9080, 'reviews.default.svc.cluster.local', cluster)],
        ['9081', routeConfig(9081, 'dead.default.svc.cluster.local', deadCluster)],
      ]),
      clusters: new Map([
        [cluster, staticCluster(cluster, '127.0.0.1', upstreamPort)],
        [deadCluster, staticCluster(deadCluster, '127.0.0.1', deadPort)],
        ['PassthroughCluster', passthroughCluster()],
      ]),
      loadAssignments: new Map(),
    });
  });

  afterAll(async () => {
    await dp.close(1000);
    await new Promise((r) => upstream.close(r));
  });

  it('routes an absolute-form proxy request by port → RDS → virtual host → cluster, and logs it', async () => {
    const res = await get(proxyPort, 'http://reviews.default.svc.cluster.local:9080/reviews/1');
    expect(res.status).toBe(200);
    expect(res.body).toBe('hello /reviews/1');
    expect(res.headers['x-route']).toBe('default');
    expect(seen.at(-1)?.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen.at(-1)?.headers['x-b3-traceid']).toMatch(/^[0-9a-f]{32}$/);
    expect(logs.at(-1)).toMatchObject({ response_code: 200, response_flags: '-', route_name: 'default', upstream_cluster: 'outbound|9080||reviews.default.svc.cluster.local', authority: 'reviews.default.svc.cluster.local:9080' });
    expect(dp.stats()['cluster.outbound|9080||reviews.default.svc.cluster.local.upstream_rq_total']).toBeGreaterThan(0);
  });

  it('matches header matchers and applies prefix rewrite; Host header works without absolute form', async () => {
    await get(proxyPort, '/v1/x', { host: 'reviews.default.svc.cluster.local:9080', 'end-user': 'jason' });
    expect(seen.at(-1)?.path).toBe('/api/x');
    await get(proxyPort, '/v1/x', { host: 'reviews.default.svc.cluster.local:9080', 'end-user': 'other' });
    expect(seen.at(-1)?.path).toBe('/v1/x');
  });

  it('answers redirects locally', async () => {
    const res = await get(proxyPort, 'http://reviews.default.svc.cluster.local:9080/old?a=1');
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('http://reviews.default.svc.cluster.local/new?a=1');
  });

  it('a port no outbound listener covers goes to PassthroughCluster (ORIGINAL_DST): the request reaches its own destination', async () => {
    const res = await get(proxyPort, `http://127.0.0.1:${upstreamPort}/outside-the-mesh`);
    expect(res.status).toBe(200);
    expect(res.body).toBe('hello /outside-the-mesh');
    expect(logs.at(-1)).toMatchObject({ upstream_cluster: 'PassthroughCluster', upstream_host: `127.0.0.1:${upstreamPort}` });
  });

  it('unknown host → 404 NR with a reason', async () => {
    const res = await get(proxyPort, 'http://nowhere.default.svc.cluster.local:9080/');
    expect(res.status).toBe(404);
    expect(res.headers['x-tsmesh-reason']).toContain('no virtual host');
    expect(logs.at(-1)).toMatchObject({ response_code: 404, response_flags: 'NR' });
  });

  it('refused upstream connection → 503 UF with Envoy-like body', async () => {
    const res = await get(proxyPort, 'http://dead.default.svc.cluster.local:9081/');
    expect(res.status).toBe(503);
    expect(res.body).toContain('upstream connect error');
    expect(logs.at(-1)).toMatchObject({ response_code: 503, response_flags: 'UF' });
  });

  it('oversized headers → 431 and the listener keeps serving', async () => {
    const raw = await new Promise<string>((resolve) => {
      const s = connect(proxyPort, '127.0.0.1', () => s.write(`GET / HTTP/1.1\r\nhost: x\r\nx-big: ${'a'.repeat(70 * 1024)}\r\n\r\n`));
      let out = '';
      s.on('data', (d) => (out += d.toString())).on('close', () => resolve(out)).on('error', () => resolve(out));
    });
    expect(raw).toMatch(/^HTTP\/1.1 431/);
    expect((await get(proxyPort, 'http://reviews.default.svc.cluster.local:9080/ok')).status).toBe(200);
  });

  it('an unknown non-optional http filter is rejected without changing anything; an optional one is skipped', async () => {
    const before = dp.listeners().length;
    await expect(
      dp.apply({ listeners: new Map([['0.0.0.0_9090', outboundListener(9090, [{ name: 'mixer' }])]]), routes: new Map(), clusters: new Map(), loadAssignments: new Map() }),
    ).rejects.toThrow(BadRequestError);
    expect(dp.listeners().length).toBe(before);
    expect((await get(proxyPort, 'http://reviews.default.svc.cluster.local:9080/still')).status).toBe(200);
    expect(() => outboundListener(9090, [{ name: 'mixer', isOptional: true }])).not.toThrow();
  });
});
