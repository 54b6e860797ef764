import { Writable } from 'node:stream';
import { BindError, describeError, isMeshError, NotReadyError } from '@tsmesh/shared-errors';
import { request } from 'undici';
import { createLogger } from '../logging/logger';
import { createTelemetry, type Telemetry } from '../telemetry/telemetry';
import { HealthRegistry } from './health';
import { startMonitoringServer, type MonitoringServer } from './server';
import { AnnouncementBoard } from './status';

const silentLog = createLogger({ component: 'test', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

async function get(server: MonitoringServer, path: string, method: 'GET' | 'HEAD' | 'POST' = 'GET') {
  const response = await request(`http://127.0.0.1:${server.port}${path}`, { method });
  const text = await response.body.text();
  return { status: response.statusCode, type: String(response.headers['content-type']), text };
}

describe('startMonitoringServer', () => {
  let telemetry: Telemetry;
  let health: HealthRegistry;
  let board: AnnouncementBoard;
  let server: MonitoringServer;

  beforeAll(async () => {
    telemetry = createTelemetry({ component: 'galley', version: '0.0.1' });
    health = new HealthRegistry();
    board = new AnnouncementBoard();
    server = await startMonitoringServer({
      name: 'galley',
      version: '0.0.1',
      host: '127.0.0.1',
      port: 0,
      log: silentLog,
      health,
      board,
      renderMetrics: () => telemetry.renderPrometheus(),
    });
    board.announce({ ports: { monitoring: server.port } });
  });

  afterAll(async () => {
    await server.close();
    await telemetry.shutdown();
  });

  it('binds port 0 to a real port and answers built-in endpoints before fastify is ready', async () => {
    expect(server.port).toBeGreaterThan(0);
    const ready = await get(server, '/healthz/ready');
    expect(ready.status).toBe(503);
    expect(JSON.parse(ready.text)).toEqual({ ready: false, reasons: ['starting: start() has not finished'] });
    expect((await get(server, '/healthz/live')).status).toBe(200);
    expect(JSON.parse((await get(server, '/debug/status')).text)).toMatchObject({ name: 'galley', ready: false, ports: { monitoring: server.port } });
    const missing = await get(server, '/not-yet?x=1');
    expect(missing.status).toBe(404);
    expect(JSON.parse(missing.text)).toEqual({ error: 'not found', method: 'GET', path: '/not-yet?x=1' });
  });

  it('serves routes added before ready() and the built-ins through fastify afterwards', async () => {
    server.app.get('/debug/configz', async () => ({ sources: 1 }));
    server.app.get('/debug/broken', async () => {
      throw new NotReadyError('snapshot not built yet');
    });
    server.app.get('/debug/bug', async () => {
      throw new TypeError('x is undefined');
    });
    await server.ready();
    health.markStarted();
    board.announce({ ports: { mcp: 9901 }, connectedTo: ['kube-apiserver'] });

    expect(JSON.parse((await get(server, '/debug/configz')).text)).toEqual({ sources: 1 });
    const ready = await get(server, '/healthz/ready');
    expect([ready.status, JSON.parse(ready.text)]).toEqual([200, { ready: true, reasons: [] }]);
    expect(JSON.parse((await get(server, '/debug/status')).text)).toEqual({
      name: 'galley',
      pid: process.pid,
      version: '0.0.1',
      ready: true,
      reasons: [],
      ports: { monitoring: server.port, mcp: 9901 },
      connectedTo: ['kube-apiserver'],
    });
    expect(JSON.parse((await get(server, '/version')).text)).toMatchObject({ name: 'galley', version: '0.0.1', istio: '1.2' });
  });

  it('maps errors to JSON with the right status and unknown paths to 404 JSON', async () => {
    const broken = await get(server, '/debug/broken');
    expect([broken.status, JSON.parse(broken.text)]).toEqual([
      503,
      { error: 'TSM_NOT_READY: snapshot not built yet', code: 'TSM_NOT_READY' },
    ]);
    const bug = await get(server, '/debug/bug');
    expect([bug.status, JSON.parse(bug.text)]).toEqual([500, { error: 'x is undefined' }]);
    const missing = await get(server, '/nope');
    expect([missing.status, missing.type]).toEqual([404, 'application/json; charset=utf-8']);
    expect(JSON.parse(missing.text)).toEqual({ error: 'not found', method: 'GET', path: '/nope' });
    expect((await get(server, '/healthz/ready', 'POST')).status).toBe(404);
  });

  it('serves Prometheus text on /metrics', async () => {
    const metrics = await get(server, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metrics.text).toMatch(/^tsmesh_build_info\{[^}]*component="galley"[^}]*\} 1$/m);
    expect((await get(server, '/metrics', 'HEAD')).status).toBe(200);
  });

  it('fails with a BindError naming host, port and flag when the port is taken', async () => {
    const error = await startMonitoringServer({
      name: 'galley',
      version: '0.0.1',
      host: '127.0.0.1',
      port: server.port,
      log: silentLog,
      health,
      board,
      renderMetrics: async () => '',
    }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(isMeshError(error, BindError)).toBe(true);
    expect(describeError(error)).toBe(
      `TSM_BIND_FAILED: --monitoring-port: monitoring server cannot listen on 127.0.0.1:${server.port}: address already in use`,
    );
  });

  it('closes and frees its port even with keep-alive clients', async () => {
    const other = await startMonitoringServer({
      name: 'x', version: '0', host: '127.0.0.1', port: 0, log: silentLog, health, board, renderMetrics: async () => '',
    });
    await get(other, '/healthz/live');
    await other.close();
    await expect(request(`http://127.0.0.1:${other.port}/healthz/live`)).rejects.toThrow(/ECONNREFUSED/);
  });
});
