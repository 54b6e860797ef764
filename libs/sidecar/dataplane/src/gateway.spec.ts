import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { metrics, trace } from '@opentelemetry/api';
import { freePort, makeTempDir } from '@tsmesh/shared-testing';
import pino from 'pino';
import { Agent, request } from 'undici';
import { DataPlane } from './data-plane';
import { gatewayListener, makeCerts } from './gateway.test-config';
import { clusterOver } from './resilience.test-config';

describe('a router-mode listener: Gateway TLS SIMPLE, MUTUAL and PASSTHROUGH selected by SNI', () => {
  let app: Server;
  let passthrough: Server;
  let dp: DataPlane;
  let port: number;
  let certs: ReturnType<typeof makeCerts>;
  const HTTP = 'outbound|9080||productpage.default.svc.cluster.local';
  const TLS = 'outbound|443||secure.default.svc.cluster.local';

  beforeAll(async () => {
    certs = makeCerts(await makeTempDir('tsmesh-gw-'));
    app = createServer((req, res) => res.end(JSON.stringify({ proto: req.headers['x-forwarded-proto'], xff: req.headers['x-forwarded-for'] })));
    passthrough = createHttpsServer({ cert: readFileSync(certs.backend.cert), key: readFileSync(certs.backend.key) }, (_req, res) => res.end('end-to-end tls'));
    await Promise.all([app, passthrough].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
    port = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 'istio-ingressgateway', accessLog: () => undefined });
    await dp.apply({
      listeners: new Map([[`0.0.0.0_${port}`, gatewayListener(port, certs, HTTP, TLS)]]),
      routes: new Map(),
      clusters: new Map([[HTTP, clusterOver(HTTP, [(app.address() as AddressInfo).port])], [TLS, clusterOver(TLS, [(passthrough.address() as AddressInfo).port])]]),
      loadAssignments: new Map(),
    });
  });

  afterAll(async () => {
    await dp.close(200);
    for (const s of [app, passthrough]) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  const get = async (servername: string, client?: { cert: string; key: string }) => {
    const dispatcher = new Agent({ connect: { servername, ca: readFileSync(certs.ca), ...(client ? { cert: readFileSync(client.cert), key: readFileSync(client.key) } : {}) } });
    try {
      const res = await request(`https://127.0.0.1:${port}/productpage`, { dispatcher, headers: { host: servername } });
      return { status: res.statusCode, body: await res.body.text() };
    } finally {
      await dispatcher.close();
    }
  };

  it('SIMPLE: terminates TLS with the Gateway certificate for an exact or wildcard SNI and routes over HTTP', async () => {
    const res = await get('bookinfo.example.com');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ proto: 'https', xff: '127.0.0.1' });
    expect((await get('shop.wild.example.com')).status).toBe(200);
  });

  it('SIMPLE over HTTP/2 (ALPN h2): the same route, with the peer address intact', async () => {
    const dispatcher = new Agent({ allowH2: true, connect: { servername: 'bookinfo.example.com', ca: readFileSync(certs.ca) } });
    const res = await request(`https://127.0.0.1:${port}/productpage`, { dispatcher, headers: { host: 'bookinfo.example.com' } });
    expect(JSON.parse(await res.body.text())).toEqual({ proto: 'https', xff: '127.0.0.1' });
    await dispatcher.close();
  });

  it('MUTUAL: a client without a certificate is refused; one signed by the CA gets through', async () => {
    await expect(get('mtls.example.com')).rejects.toThrow();
    expect((await get('mtls.example.com', certs.client)).status).toBe(200);
  });

  it('PASSTHROUGH: the TLS stream reaches the backend untouched (its certificate, its answer)', async () => {
    expect(await get('passthrough.example.com')).toEqual({ status: 200, body: 'end-to-end tls' });
  });

  it('an SNI no server lists gets its connection closed', async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port, servername: 'unknown.example.org', ca: readFileSync(certs.ca) });
      s.on('secureConnect', () => resolve(false));
      s.on('error', () => resolve(true));
      s.on('close', () => resolve(true));
    });
    expect(closed).toBe(true);
  });
});
