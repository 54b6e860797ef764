import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { metrics, trace } from '@opentelemetry/api';
import { freePort } from '@tsmesh/shared-testing';
import pino from 'pino';
import { DataPlane } from './data-plane';
import { clusterOver } from './resilience.test-config';
import { inboundListener } from './test-config';

/** A tiny WebSocket echo server: RFC 6455 handshake, then each short masked text frame echoed unmasked. */
function echoServer(): Server {
  const server = createServer((_req, res) => res.end('plain'));
  server.on('upgrade', (req, socket: Socket) => {
    const accept = createHash('sha1').update(`${String(req.headers['sec-websocket-key'])}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\nx-seen-host: ${String(req.headers.host)}\r\n\r\n`);
    socket.on('data', (frame: Buffer) => {
      if (((frame[0] ?? 0) & 0x0f) !== 1) return void socket.end();
      const len = (frame[1] ?? 0) & 0x7f;
      const mask = frame.subarray(2, 6);
      const payload = Buffer.from(frame.subarray(6, 6 + len).map((b, i) => b ^ (mask[i % 4] ?? 0)));
      socket.write(Buffer.concat([Buffer.from([0x81, payload.length]), payload]));
    });
  });
  return server;
}

describe('WebSocket upgrade through an inbound listener', () => {
  let upstream: Server;
  let dp: DataPlane;
  let port: number;
  const logs: Record<string, unknown>[] = [];
  const C = 'inbound|9080|http|ws.default.svc.cluster.local';

  beforeAll(async () => {
    upstream = echoServer();
    await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
    port = await freePort();
    dp = new DataPlane({ log: pino({ enabled: false }), meter: metrics.getMeter('t'), tracer: trace.getTracer('t'), listenAddress: '127.0.0.1', appHost: '127.0.0.1', serviceCluster: 't', accessLog: (l) => logs.push(JSON.parse(l) as Record<string, unknown>) });
    await useListener(true);
  });

  async function useListener(websocket: boolean): Promise<void> {
    const listener = { ...inboundListener('127.0.0.1', port, C, undefined, websocket), bindToPort: true };
    await dp.apply({ listeners: new Map([[listener.name, listener]]), routes: new Map(), clusters: new Map([[C, clusterOver(C, [(upstream.address() as AddressInfo).port])]]), loadAssignments: new Map() });
  }

  afterAll(async () => {
    await dp.close(200);
    upstream.closeAllConnections();
    await new Promise((r) => upstream.close(r));
  });

  it('completes the handshake and relays messages both ways (upgrade allowed by the HCM)', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`);
    const echoed = await new Promise<string>((resolve, reject) => {
      ws.onopen = () => ws.send('hello');
      ws.onmessage = (e) => resolve(String(e.data));
      ws.onerror = () => reject(new Error('websocket error'));
    });
    expect(echoed).toBe('hello');
    ws.close();
    await new Promise((r) => setTimeout(r, 100));
    expect(logs.find((l) => l['response_code'] === 101)).toMatchObject({ upstream_cluster: C, path: '/chat' });
  });

  it('an HCM without upgrade_configs refuses the upgrade with 403, as Envoy does', async () => {
    await useListener(false);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/chat`);
    const opened = await new Promise<boolean>((resolve) => {
      ws.onopen = () => resolve(true);
      ws.onerror = () => resolve(false);
    });
    ws.close();
    expect(opened).toBe(false);
    expect(logs.at(-1)).toMatchObject({ response_code: 403 });
  });
});
