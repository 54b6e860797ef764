import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { cleanup, makeTempDir, ProcessHarness } from '@tsmesh/shared-testing';
import { request } from 'undici';

const MAIN = resolve(__dirname, '../../../dist/apps/galley/main.js');
jest.setTimeout(30_000);

describe('galley binary', () => {
  const harness = new ProcessHarness();
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build galley`);
  });
  afterEach(async () => {
    await harness.stopAll();
    await cleanup();
  });

  it('exits 2 with one line naming the flag when a flag is malformed', async () => {
    const galley = harness.spawn('galley', process.execPath, [MAIN, '--source', 'etcd']);
    expect((await galley.waitForExit(15_000)).code).toBe(2);
    expect(galley.output().trim().split('\n')).toEqual([expect.stringMatching(/^galley: .*--source/)]);
  });

  it('exits 1 naming --config-dir when the file source has no directory', async () => {
    const galley = harness.spawn('galley', process.execPath, [MAIN, '--grpc-port', '0', '--monitoring-port', '0', '--validation-port', '0']);
    expect((await galley.waitForExit(15_000)).code).toBe(1);
    expect(galley.output()).toMatch(/--config-dir: required with --source fs/);
  });

  it('exits 1 with a clear reason when the config directory does not exist', async () => {
    const galley = harness.spawn('galley', process.execPath, [MAIN, '--grpc-port', '0', '--monitoring-port', '0', '--validation-port', '0', '--config-dir', '/nonexistent/tsmesh']);
    expect((await galley.waitForExit(15_000)).code).toBe(1);
    expect(galley.output()).toMatch(/config directory \/nonexistent\/tsmesh does not exist/);
    expect(galley.output()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('serves, reports config problems on a debug endpoint, and drains on SIGTERM', async () => {
    const dir = await makeTempDir('galley-app-');
    await writeFile(join(dir, 'bad.yaml'), 'apiVersion: networking.istio.io/v1alpha3\nkind: VirtualServce\nmetadata: {name: x}\n');
    const galley = harness.spawn('galley', process.execPath, [MAIN, '--grpc-port', '0', '--monitoring-port', '0', '--validation-port', '0', '--cert-dir', join(dir, '.certs'), '--config-dir', dir]);
    const [, port] = (await galley.waitForOutput(/"monitoring":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    const problems = await (await request(`http://127.0.0.1:${port}/debug/config-problems`)).body.json();
    expect(problems).toEqual([expect.stringMatching(/bad\.yaml:2: kind: unknown kind networking\.istio\.io\/v1alpha3 VirtualServce/)]);
    galley.signal('SIGTERM');
    expect((await galley.waitForExit(10_000)).code).toBe(0);
  });
});
