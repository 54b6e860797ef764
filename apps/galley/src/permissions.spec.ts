import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startMcpSink, type McpUpdate } from '@tsmesh/shared-mcp';
import { cleanup, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import pino from 'pino';
import { request } from 'undici';

const MAIN = resolve(__dirname, '../../../dist/apps/galley/main.js');
const NOBODY = 65534;
jest.setTimeout(30_000);

const VS = 'apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: reviews, namespace: default}\nspec:\n  hosts: [reviews]\n  http:\n  - route:\n    - destination: {host: reviews}\n';

/**
 * Permission errors, for real: root reads anything, so galley runs as an unprivileged user
 * (setpriv) when the test runs as root, as CI does.
 */
describe('galley with unreadable config files', () => {
  const harness = new ProcessHarness();
  afterEach(async () => {
    await harness.stopAll();
    await cleanup();
  });

  it('reports each unreadable file or directory on its own and keeps serving the rest', async () => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build galley`);
    const dir = await makeTempDir('galley-perm-');
    const config = join(dir, 'config');
    await mkdir(join(config, 'locked'), { recursive: true });
    await writeFile(join(config, 'good.yaml'), VS);
    await writeFile(join(config, 'secret.yaml'), VS.replace('reviews, namespace', 'secret, namespace'));
    await writeFile(join(config, 'locked', 'inner.yaml'), VS.replace('reviews, namespace', 'inner, namespace'));
    await chmod(join(config, 'secret.yaml'), 0o000);
    await chmod(join(config, 'locked'), 0o000);
    await mkdir(join(dir, 'certs'));
    await chmod(dir, 0o755);
    await chmod(config, 0o755);
    await chmod(join(dir, 'certs'), 0o777);

    const args = [MAIN, '--grpc-port', '0', '--monitoring-port', '0', '--validation-port', '0', '--cert-dir', join(dir, 'certs'), '--config-dir', config];
    const asRoot = process.getuid?.() === 0;
    const galley = asRoot
      ? harness.spawn('galley', 'setpriv', [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', process.execPath, ...args])
      : harness.spawn('galley', process.execPath, args);
    const [, grpc] = (await galley.waitForOutput(/"grpc":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    const [, monitoring] = (await galley.waitForOutput(/"monitoring":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];

    const problems = (await (await request(`http://127.0.0.1:${monitoring}/debug/config-problems`)).body.json()) as string[];
    expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(/secret\.yaml.*permission denied/i), expect.stringMatching(/locked.*permission denied/i)]));

    const updates: McpUpdate[] = [];
    const sink = startMcpSink({ address: `127.0.0.1:${grpc}`, sinkId: 'perm-test', collections: ['istio/networking/v1alpha3/virtualservices'], log: pino({ level: 'silent' }), onUpdate: (u) => updates.push(u) });
    try {
      await waitFor(() => updates.length > 0, { timeoutMs: 10_000 });
      expect(updates[0]?.resources.map((r) => r.name)).toEqual(['default/reviews']);
    } finally {
      sink.stop();
    }
  });
});
