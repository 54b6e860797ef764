import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort, ProcessHarness } from '@tsmesh/shared-testing';
import { request } from 'undici';

const MAIN = resolve(__dirname, '../../../dist/apps/demo-app/main.js');
jest.setTimeout(20_000);

describe('demo app', () => {
  const harness = new ProcessHarness();
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build demo-app`);
  });
  afterEach(() => harness.stopAll());

  it('answers with its name, version and path, and stops on SIGTERM', async () => {
    const port = await freePort();
    const app = harness.spawn('demo', process.execPath, [MAIN, '--name', 'details', '--version', 'v2', '--port', String(port)]);
    await app.waitForOutput(/listening/, 10_000);
    const res = await request(`http://127.0.0.1:${port}/details/7`);
    expect(await res.body.json()).toEqual({ service: 'details', version: 'v2', path: '/details/7', method: 'GET' });
    app.signal('SIGTERM');
    expect((await app.waitForExit(5_000)).code).toBe(0);
  });

  it('rejects a bad port with a clear message', async () => {
    const app = harness.spawn('demo', process.execPath, [MAIN, '--port', 'http']);
    expect((await app.waitForExit(5_000)).code).toBe(2);
    expect(app.output()).toMatch(/--port must be a port number, got "http"/);
  });
});
