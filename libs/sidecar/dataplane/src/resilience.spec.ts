import { createServer, request, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { Cluster_LbPolicy } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { clusterOver, ms, routesFor, type TestRoute } from './resilience.test-config';
import { outboundListener, virtualListener } from './test-config';
import type { ClusterConfig } from '@tsmesh/sidecar-xds-client';

interface Reply { status: number; headers: IncomingHttpHeaders; body: string }

function call(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: 'svc.default.svc.cluster.local:9080', ...opts.headers }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end(opts.body);
  });
}

/** Loopback upstreams whose behaviour each test sets. */
class Upstreams {
  readonly servers: Server[] = [];
  readonly ports: number[] = [];
  readonly handlers: RequestListener[] = [];
  readonly hits: { port: number; host?: string; body: string }[] = [];
  async start(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const index = i;
      const server = createServer((req, res) => {
        let body = '';
        req.on('data', (c: Buffer) => (body += c.toString())).on('end', () => {
          this.hits.push({ port: this.ports[index] as number, host: req.headers.host, body });
          (this.handlers[index] ?? ((_q, s) => s.end('ok')))(req, res);
        });
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      this.servers.push(server);
      this.ports.push((server.address() as AddressInfo).port);
    }
  }
  reset(): void {
    this.handlers.length = 0;
    this.hits.length = 0;
  }
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  }
}

describe('DataPlane resilience: Istio YAML semantics on real loopback upstreams', () => {
  const up = new Upstreams();
  const logs: Record<string, unknown>[] = [];
  let dp: DataPlane;
  let proxy: number;
  let deadPort: number;
  const C = 'outbound|9080||svc.default.svc.cluster.local';

  async function apply(routes: TestRoute[], clusters: ClusterConfig[]): Promise<void> {
    await dp.apply({
      listeners: new Map([['virtual', virtualListener(proxy)], ['0.0.0.0_9080', outboundListener(9080, [{ name: 'envoy.cors' }, { name: 'envoy.fault' }])]]),
      routes: new Map([['9080', routesFor(9080, 'svc.default.svc.cluster.local', routes)]]),
      clusters: new Map(clusters.map((c) => [c.name, c])),
      loadAssignments: new Map(),
    });
  }

  beforeAll(async () => {
    await up.start(3);
    proxy = await freePort();
    deadPort = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 't', accessLog: (l) => logs.push(JSON.parse(l) as Record<string, unknown>) });
  });
  afterAll(async () => {
    await dp.close(500);
    await up.stop();
  });
  beforeEach(() => up.reset());

  it('default retries (503, connect-failure) hide one failing attempt, with previous-hosts avoidance', async () => {
    await apply([{ prefix: '/', cluster: C }], [clusterOver(C, [deadPort, up.ports[0] as number])]);
    for (let i = 0; i < 4; i++) expect((await call(proxy, '/x')).status).toBe(200);
    let first = true;
    up.handlers[0] = (_q, s) => {
      s.statusCode = first ? 503 : 200;
      first = false;
      s.end();
    };
    await apply([{ prefix: '/', cluster: C }], [clusterOver(C, [up.ports[0] as number])]);
    const r = await call(proxy, '/y', { method: 'POST', body: 'replayed-body' });
    expect(r.status).toBe(200);
    expect(up.hits.filter((h) => h.body === 'replayed-body')).toHaveLength(2);
    expect(logs.at(-1)).toMatchObject({ response_code: 200, upstream_attempts: 2 });
  });

  it('retries run out: the upstream 503 passes through flagged URX; a non-retriable 500 is not retried', async () => {
    up.handlers[0] = (_q, s) => ((s.statusCode = 503), s.end('busy'));
    await apply([{ prefix: '/', cluster: C }], [clusterOver(C, [up.ports[0] as number])]);
    const r = await call(proxy, '/z');
    expect(r.status).toBe(503);
    expect(logs.at(-1)).toMatchObject({ response_flags: 'URX', upstream_attempts: 3 });
    up.handlers[0] = (_q, s) => ((s.statusCode = 500), s.end());
    expect((await call(proxy, '/z')).status).toBe(500);
    expect(logs.at(-1)).toMatchObject({ upstream_attempts: 1 });
  });

  it('route timeout → 504 UT; per-try timeout retries to a fast host', async () => {
    up.handlers[0] = (_q, s) => void setTimeout(() => s.end('slow'), 1500);
    await apply([{ prefix: '/', cluster: C, action: { timeout: ms(200) } }], [clusterOver(C, [up.ports[0] as number])]);
    const r = await call(proxy, '/slow');
    expect(r.status).toBe(504);
    expect(r.body).toBe('upstream request timeout');
    expect(logs.at(-1)).toMatchObject({ response_flags: 'UT' });
    await apply(
      [{ prefix: '/', cluster: C, action: { timeout: ms(3000), retryPolicy: { retryOn: '5xx', numRetries: 2, perTryTimeout: ms(150), retryHostPredicate: [{ name: 'envoy.retry_host_predicates.previous_hosts' }], hostSelectionRetryMaxAttempts: '3' } } }],
      [clusterOver(C, [up.ports[0] as number, up.ports[1] as number])],
    );
    for (let i = 0; i < 3; i++) expect((await call(proxy, '/maybe-slow')).status).toBe(200);
  });

  it('circuit breaker: maxConnections 1 + http1MaxPendingRequests 1 → the third concurrent request gets 503 UO', async () => {
    up.handlers[0] = (_q, s) => void setTimeout(() => s.end('done'), 300);
    const cb = { circuitBreakers: { thresholds: [{ priority: 0, maxConnections: 1, maxPendingRequests: 1, maxRequests: 1024, maxRetries: 3 }] } };
    await apply([{ prefix: '/', cluster: C }], [clusterOver(C, [up.ports[0] as number], cb)]);
    const statuses = (await Promise.all([0, 1, 2].map(() => call(proxy, '/cb')))).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503]);
    expect(logs.filter((l) => l['response_flags'] === 'UO')).not.toHaveLength(0);
    expect(dp.stats()[`cluster.${C}.upstream_rq_pending_overflow`]).toBeGreaterThanOrEqual(1);
  });

  it('outlier detection ejects a host after consecutive gateway errors and traffic moves to the other', async () => {
    up.handlers[0] = (_q, s) => ((s.statusCode = 502), s.end());
    const od = { outlierDetection: { consecutiveGatewayFailure: 2, enforcingConsecutiveGatewayFailure: 100, enforcingConsecutive5xx: 0, interval: ms(10_000), baseEjectionTime: ms(30_000), maxEjectionPercent: 100 } };
    await apply([{ prefix: '/', cluster: C, action: { retryPolicy: undefined } }], [clusterOver(C, [up.ports[0] as number, up.ports[1] as number], od)]);
    for (let i = 0; i < 8; i++) await call(proxy, '/od');
    expect(dp.stats()[`cluster.${C}.outlier_detection.ejections_active`]).toBe(1);
    const before = up.hits.length;
    for (let i = 0; i < 5; i++) expect((await call(proxy, '/od')).status).toBe(200);
    expect(up.hits.slice(before).every((h) => h.port === up.ports[1])).toBe(true);
    expect(dp.clusters().find((c) => c.name === C)?.endpoints.find((e) => e.port === up.ports[0])?.ejected).toBe(true);
  });

  it('fault injection: abort → FI with the status, delay → DI and the request still succeeds', async () => {
    await apply([{ prefix: '/abort', cluster: C, fault: { abortStatus: 500 } }, { prefix: '/delay', cluster: C, fault: { delayMs: 300 } }, { prefix: '/', cluster: C }], [clusterOver(C, [up.ports[0] as number])]);
    const a = await call(proxy, '/abort');
    expect(a.status).toBe(500);
    expect(a.body).toBe('fault filter abort');
    expect(logs.at(-1)).toMatchObject({ response_flags: 'FI' });
    const began = Date.now();
    expect((await call(proxy, '/delay')).status).toBe(200);
    expect(Date.now() - began).toBeGreaterThanOrEqual(290);
    expect(logs.at(-1)).toMatchObject({ response_flags: 'DI' });
    expect(dp.stats()['http.outbound_0.0.0.0_9080.fault.aborts_injected']).toBe(1);
    expect(dp.stats()['http.outbound_0.0.0.0_9080.fault.delays_injected']).toBe(1);
  });

  it('consistent hash by header pins a user to one host; mirror sends a -shadow copy', async () => {
    const ring = { lbPolicy: Cluster_LbPolicy.RING_HASH };
    const M = 'outbound|9080||mirror.default.svc.cluster.local';
    await apply(
      [{ prefix: '/', cluster: C, action: { hashPolicy: [{ policySpecifier: { $case: 'header', value: { headerName: 'x-user' } } }], requestMirrorPolicies: [{ cluster: M }] } }],
      [clusterOver(C, [up.ports[0] as number, up.ports[1] as number], ring), clusterOver(M, [up.ports[2] as number])],
    );
    for (const user of ['ann', 'bob', 'cy']) {
      for (let i = 0; i < 4; i++) await call(proxy, '/h', { headers: { 'x-user': user } });
      const ports = new Set(up.hits.filter((h) => h.port !== up.ports[2]).slice(-4).map((h) => h.port));
      expect(ports.size).toBe(1);
    }
    await new Promise((r) => setTimeout(r, 100));
    const shadows = up.hits.filter((h) => h.port === up.ports[2]);
    expect(shadows.length).toBe(12);
    expect(shadows[0]?.host).toBe('svc.default.svc.cluster.local:9080-shadow');
  });

  it('CORS: an allowed origin gets a preflight answer and allow-origin on responses; others get nothing', async () => {
    const cors = { allowOriginStringMatch: [{ matchPattern: { $case: 'exact' as const, value: 'https://app.example.com' } }], allowMethods: 'GET,POST', allowHeaders: 'x-user', maxAge: '600', exposeHeaders: 'x-trace', allowCredentials: true };
    await apply([{ prefix: '/', cluster: C, action: { cors } }], [clusterOver(C, [up.ports[0] as number])]);
    const pre = await call(proxy, '/api', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(200);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': 'https://app.example.com', 'access-control-allow-methods': 'GET,POST', 'access-control-max-age': '600', 'access-control-allow-credentials': 'true' });
    const simple = await call(proxy, '/api', { headers: { origin: 'https://app.example.com' } });
    expect(simple.headers['access-control-expose-headers']).toBe('x-trace');
    const other = await call(proxy, '/api', { headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a bad retry_on in a route config is rejected at apply time with its field path', async () => {
    await expect(apply([{ prefix: '/', cluster: C, action: { retryPolicy: { retryOn: 'sometimes', numRetries: 1 } } }], [clusterOver(C, [up.ports[0] as number])])).rejects.toMatchObject({
      message: expect.stringContaining('sometimes'),
    });
  });
});
