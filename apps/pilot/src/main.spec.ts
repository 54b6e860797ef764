import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { ProcessHarness } from '@tsmesh/shared-testing';
import { request } from 'undici';

const MAIN = resolve(__dirname, '../../../dist/apps/pilot/main.js');
jest.setTimeout(30_000);

describe('pilot binary', () => {
  const harness = new ProcessHarness();
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build pilot`);
  });
  afterEach(() => harness.stopAll());

  it('exits 1 with one line naming the port when the xDS port is busy', async () => {
    const busy: Server = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const pilot = harness.spawn('pilot', process.execPath, [MAIN, '--grpc-port', String(port), '--http-port', '0', '--monitoring-port', '0']);
      expect((await pilot.waitForExit(15_000)).code).toBe(1);
      expect(pilot.output()).toMatch(new RegExp(`--grpc-port.*127\\.0\\.0\\.1:${port}`));
    } finally {
      busy.close();
    }
  });

  it('rejects a malformed duration with the flag name', async () => {
    const pilot = harness.spawn('pilot', process.execPath, [MAIN, '--debounce-after', 'soon']);
    expect((await pilot.waitForExit(15_000)).code).toBe(2);
    expect(pilot.output()).toMatch(/^pilot: .*--debounce-after.*soon/);
  });

  it('refuses a trace sampling that is not a percentage, naming the flag', async () => {
    const pilot = harness.spawn('pilot', process.execPath, [MAIN, '--trace-sampling', '150', '--grpc-port', '0', '--http-port', '0', '--monitoring-port', '0']);
    expect((await pilot.waitForExit(15_000)).code).not.toBe(0);
    expect(pilot.output()).toMatch(/start failed: --trace-sampling must be a percentage 0\.\.100, got .*150/);
  });

  it('exits non-zero at start-up on a bad mesh config file, naming the file and the field path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsmesh-pilot-mesh-'));
    const file = join(dir, 'mesh');
    writeFileSync(file, 'localityLbSetting:\n  distribute:\n  - {from: region1/zone1/*, to: {"region1/zone1/*": 80, "region1/zone2/*": 30}}\n');
    const pilot = harness.spawn('pilot', process.execPath, [MAIN, '--mesh-config', file, '--grpc-port', '0', '--http-port', '0', '--monitoring-port', '0']);
    expect((await pilot.waitForExit(15_000)).code).not.toBe(0);
    expect(pilot.output()).toContain(`TSM_CONFIG_INVALID: ${file}: localityLbSetting.distribute[0].to: total locality weight 110 != 100`);
  });

  it('stays up without galley, retries with backoff in its log, and is not ready', async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', r));
    const galleyPort = (dead.address() as { port: number }).port;
    dead.close();
    const pilot = harness.spawn('pilot', process.execPath, [MAIN, '--grpc-port', '0', '--http-port', '0', '--monitoring-port', '0', '--galley-address', `127.0.0.1:${galleyPort}`]);
    const [, port] = (await pilot.waitForOutput(/"monitoring":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    await pilot.waitForOutput(/retry|reconnect/i, 15_000);
    const ready = await request(`http://127.0.0.1:${port}/healthz/ready`);
    expect(ready.statusCode).toBe(503);
    expect(await ready.body.text()).toMatch(/not connected to galley/);
    pilot.signal('SIGTERM');
    expect((await pilot.waitForExit(10_000)).code).toBe(0);
  });
});
