import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { cleanup, freePorts, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';

const MAIN = resolve(__dirname, '../../../dist/apps/sidecar/main.js');
jest.setTimeout(60_000);

describe('sidecar process: admin, status port, wait-ready, drain', () => {
  const harness = new ProcessHarness();
  let dir: string;
  let ports: { admin: number; status: number; stats: number; pilot: number };

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build sidecar`);
  });
  beforeEach(async () => {
    dir = await makeTempDir('sidecar-lifecycle');
    const [admin = 0, status = 0, stats = 0, pilot = 0] = await freePorts(4);
    ports = { admin, status, stats, pilot };
  });
  afterEach(async () => {
    await harness.stopAll();
    await cleanup();
  });

  /** A sidecar whose pilot is not there: it serves its ports but never becomes ready. */
  const spawnSidecar = () =>
    harness.spawn('sidecar', process.execPath, [
      MAIN, '--pod-name', 'details-v1', '--pod-ip', '127.0.0.1', '--citadel-root-cert', resolve(dir, 'root.pem'), '--token-file', resolve(dir, 'token'), '--certs-dir', dir,
      '--monitoring-port', '0', '--admin-port', String(ports.admin), '--status-port', String(ports.status), '--stats-port', String(ports.stats),
      '--pilot-address', `127.0.0.1:${ports.pilot}`, '--citadel-address', `127.0.0.1:${ports.pilot}`, '--mixer-address', `127.0.0.1:${ports.pilot}`, '--drain-duration', '1s',
    ]);
  const get = (port: number, path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${port}${path}`, init);

  it('serves /ready and /healthz/ready as not ready with the reason; wait-ready gives up with exit 1; /quitquitquit exits 0', async () => {
    const sidecar = spawnSidecar();
    const ready = await waitFor(async () => (await get(ports.admin, '/ready').catch(() => undefined)) ?? false, { timeoutMs: 20_000 });
    expect([ready.status, await ready.text()]).toEqual([503, 'PRE_INITIALIZING\n']);
    const health = await get(ports.status, '/healthz/ready');
    expect(health.status).toBe(503);
    expect(await health.text()).toMatch(/not ready: config from pilot at 127\.0\.0\.1:\d+ not complete/);
    expect(await (await get(ports.stats, '/stats/prometheus')).text()).toContain('envoy_cluster_manager_cds_update_success 0');

    const wait = harness.spawn('wait-ready', process.execPath, [MAIN, 'wait-ready', '--timeout', '1s', '--url', `http://127.0.0.1:${ports.status}/healthz/ready`]);
    expect((await wait.waitForExit(20_000)).code).toBe(1);
    expect(wait.output()).toMatch(/not ready after 1000ms .*503 not ready: config from pilot/);

    expect((await get(ports.admin, '/quitquitquit', { method: 'POST' })).status).toBe(200);
    expect((await sidecar.waitForExit(20_000)).code).toBe(0);
  });

  it('drains on SIGTERM and exits 0', async () => {
    const sidecar = spawnSidecar();
    await waitFor(async () => (await get(ports.admin, '/ready').catch(() => undefined))?.status === 503, { timeoutMs: 20_000 });
    sidecar.signal('SIGTERM');
    expect((await sidecar.waitForExit(20_000)).code).toBe(0);
    expect(sidecar.output()).toContain('sidecar: draining listeners');
  });

  describe('wait-ready', () => {
    let server: Server;
    afterEach(() => new Promise<void>((r) => server.close(() => r())));

    it('polls until the status URL answers 200, then exits 0', async () => {
      let calls = 0;
      server = createServer((_req, res) => {
        calls++;
        res.writeHead(calls < 3 ? 503 : 200).end(calls < 3 ? 'not ready: warming' : 'ready');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz/ready`;
      const wait = harness.spawn('wait-ready', process.execPath, [MAIN, 'wait-ready', '--timeout', '30s', '--period', '100ms', '--url', url]);
      expect((await wait.waitForExit(20_000)).code).toBe(0);
      expect(calls).toBe(3);
    });

    it('rejects unknown arguments with exit 2', async () => {
      server = createServer();
      const wait = harness.spawn('wait-ready', process.execPath, [MAIN, 'wait-ready', '--bogus', '1']);
      expect((await wait.waitForExit(20_000)).code).toBe(2);
      expect(wait.output()).toMatch(/unknown argument "--bogus"/);
    });
  });
});
