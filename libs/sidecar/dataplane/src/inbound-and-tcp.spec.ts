import { createServer, request, type Server } from 'node:http';
import { connect as connectH2 } from 'node:http2';
import { connect, createServer as createTcpServer, type AddressInfo, type Server as TcpServer } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { inboundListener, staticCluster, tcpListener } from './test-config';

function get(port: number, path: string): Promise<{ status: number; reason: string; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status: res.statusCode ?? 0, reason: String(res.headers['x-tsmesh-reason'] ?? ''), body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('DataPlane inbound listeners and tcp_proxy', () => {
  let app: Server;
  let echo: TcpServer;
  let dp: DataPlane;
  let inboundPort: number;
  let tcpPort: number;
  const logs: string[] = [];

  beforeAll(async () => {
    app = createServer((req, res) => {
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      res.end(`app saw ${req.headers.host} ${req.url}`);
    });
    echo = createTcpServer({ allowHalfOpen: true }, (s) => {
      const chunks: Buffer[] = [];
      s.on('data', (d: Buffer) => chunks.push(d)).on('end', () => s.end(Buffer.concat(chunks)));
    });
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
    const appPort = (app.address() as AddressInfo).port;
    const echoPort = (echo.address() as AddressInfo).port;
    [inboundPort, tcpPort] = [await freePort(), await freePort()];
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 'reviews', accessLog: (l) => logs.push(l) });
    const inbound = `inbound|${inboundPort}||reviews.default.svc.cluster.local`;
    await dp.apply({
      listeners: new Map([
        [`127.0.0.1_${inboundPort}`, inboundListener('127.0.0.1', inboundPort, inbound, 300)],
        [`0.0.0.0_${tcpPort}`, tcpListener(tcpPort, 'outbound|27017||mongo')],
      ]),
      routes: new Map(),
      clusters: new Map([
        [inbound, staticCluster(inbound, '127.0.0.1', appPort)],
        ['outbound|27017||mongo', staticCluster('outbound|27017||mongo', '127.0.0.1', echoPort)],
      ]),
      loadAssignments: new Map(),
    });
  });

  afterAll(async () => {
    await dp.close(500);
    await new Promise((r) => app.close(r));
    await new Promise((r) => echo.close(r));
  });

  it('binds the pod-IP inbound listener (bind_to_port false) and forwards to the app', async () => {
    const res = await get(inboundPort, '/reviews/0');
    expect(res.status).toBe(200);
    expect(res.body).toBe(`app saw 127.0.0.1:${inboundPort} /reviews/0`);
    expect(dp.listeners().map((l) => l.name)).toContain(`127.0.0.1_${inboundPort}`);
  });

  it('serves HTTP/2 cleartext with prior knowledge on the same port', async () => {
    const session = connectH2(`http://127.0.0.1:${inboundPort}`);
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const stream = session.request({ ':path': '/h2', ':method': 'GET' });
      let status = 0;
      let body = '';
      stream.on('response', (h) => (status = Number(h[':status'])));
      stream.setEncoding('utf8').on('data', (c: string) => (body += c)).on('end', () => resolve({ status, body })).on('error', reject);
    });
    session.close();
    expect(status).toBe(200);
    expect(body).toBe(`app saw 127.0.0.1:${inboundPort} /h2`);
    expect(JSON.parse(logs.at(-1) ?? '{}')).toMatchObject({ protocol: 'HTTP/2', response_code: 200 });
  });

  it('a route timeout becomes 504 UT', async () => {
    const res = await get(inboundPort, '/slow');
    expect(res.status).toBe(504);
    expect(res.body).toBe('upstream request timeout');
    expect(JSON.parse(logs.at(-1) ?? '{}')).toMatchObject({ response_code: 504, response_flags: 'UT' });
  });

  it('tcp_proxy pipes bytes both ways and passes the half-close through', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const s = connect({ port: tcpPort, host: '127.0.0.1', allowHalfOpen: true }, () => s.end('ping over tcp'));
      let out = '';
      s.on('data', (d) => (out += d.toString())).on('end', () => resolve(out)).on('error', reject);
    });
    expect(reply).toBe('ping over tcp');
  });
});
