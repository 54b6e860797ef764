import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { freePort } from '@tsmesh/shared-testing';
import type { ListenerConfig } from '@tsmesh/sidecar-xds-client';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { clusterOver } from './resilience.test-config';
import { inboundListener } from './test-config';

/** Writes raw bytes, optionally half-closes, and collects everything until the server closes (or `waitMs`). */
function raw(port: number, text: string, opts: { halfClose?: boolean; waitMs?: number } = {}): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    const s = connect(port, '127.0.0.1', () => {
      s.write(text);
      if (opts.halfClose) s.end();
    });
    s.on('data', (d) => (out += d.toString()));
    s.on('close', () => resolve(out));
    s.on('error', () => resolve(out));
    if (opts.waitMs) setTimeout(() => (s.destroy(), resolve(out)), opts.waitMs);
  });
}

const opened = (port: number) =>
  new Promise<Socket>((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
  });

describe('bad input on a listener: each case gets the right HTTP error or a close, never a crash', () => {
  let app: Server;
  let dp: DataPlane;
  let port: number;
  const C = 'inbound|9080|http|app.default.svc.cluster.local';

  beforeAll(async () => {
    app = createServer((_req, res) => res.end('fine'));
    await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
    port = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 't', accessLog: () => undefined, maxDownstreamConnections: 4 });
    const base = inboundListener('127.0.0.1', port, C);
    const chain = base.filterChains[0];
    const listener: ListenerConfig = { ...base, bindToPort: true, filterChains: chain && chain.network.kind === 'http' ? [{ ...chain, network: { ...chain.network, requestHeadersTimeoutMs: 300 } }] : [] };
    await dp.apply({ listeners: new Map([[listener.name, listener]]), routes: new Map(), clusters: new Map([[C, clusterOver(C, [(app.address() as AddressInfo).port])]]), loadAssignments: new Map() });
  });

  afterAll(async () => {
    await dp.close(200);
    app.closeAllConnections();
    await new Promise((r) => app.close(r));
  });

  const healthy = async () => expect(await raw(port, 'GET / HTTP/1.1\r\nhost: app\r\nconnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 200[\s\S]*fine$/);

  it('a bad request line → 400 and close', async () => {
    expect(await raw(port, 'THIS IS NOT HTTP\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await healthy();
  });

  it('HTTP/1.1 without a Host header → 400', async () => {
    expect(await raw(port, 'GET / HTTP/1.1\r\nconnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    await healthy();
  });

  it('a client that never finishes its headers gets 408 after the header timeout', async () => {
    const began = Date.now();
    const out = await raw(port, 'GET / HTTP/1.1\r\nhost: app\r\nx-slow: ', { waitMs: 5000 });
    expect(out).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - began).toBeLessThan(4000);
    await healthy();
  });

  it('a half-closed client still gets its whole response', async () => {
    expect(await raw(port, 'GET /half HTTP/1.1\r\nhost: app\r\n\r\n', { halfClose: true })).toMatch(/^HTTP\/1\.1 200[\s\S]*fine$/);
  });

  it('connections beyond the limit are closed at once and counted; capacity returns when one closes', async () => {
    const held = await Promise.all([0, 1, 2, 3].map(() => opened(port)));
    await new Promise((r) => setTimeout(r, 50));
    expect(await raw(port, 'GET / HTTP/1.1\r\nhost: app\r\n\r\n', { waitMs: 1000 })).toBe('');
    expect(dp.stats()['overload.global_downstream_max_connections.overflow']).toBeGreaterThanOrEqual(1);
    held.forEach((s) => s.destroy());
    await new Promise((r) => setTimeout(r, 50));
    await healthy();
  });
});
