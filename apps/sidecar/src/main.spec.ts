import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ProcessHarness } from '@tsmesh/shared-testing';

const MAIN = resolve(__dirname, '../../../dist/apps/sidecar/main.js');
jest.setTimeout(30_000);

describe('sidecar binary', () => {
  const harness = new ProcessHarness();
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build sidecar`);
  });
  afterEach(() => harness.stopAll());

  it('needs its pod identity: a missing --pod-name exits 2 naming the flag and its env var', async () => {
    const sidecar = harness.spawn('sidecar', process.execPath, [MAIN, '--pod-ip', '127.0.0.1', '--citadel-root-cert', '/x'], { env: { ...process.env, POD_NAME: '' } });
    expect((await sidecar.waitForExit(15_000)).code).toBe(2);
    expect(sidecar.output().trim().split('\n')).toEqual([expect.stringMatching(/^sidecar: .*--pod-name/)]);
  });

  it('rejects malformed labels with the flag name', async () => {
    const sidecar = harness.spawn('sidecar', process.execPath, [MAIN, '--pod-name', 'p', '--pod-ip', '127.0.0.1', '--citadel-root-cert', '/x', '--labels', 'app', '--monitoring-port', '0']);
    expect((await sidecar.waitForExit(15_000)).code).not.toBe(0);
    expect(sidecar.output()).toMatch(/--labels: expected key=value, got \\?"app\\?"/);
  });
});
