import { mkdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { Agent, request } from 'undici';
import { cleanup, makeTempDir, ProcessHarness } from '@tsmesh/shared-testing';

// The injector as a process: built from this main.ts (bundled like `nx build`, workspace libs
// inlined, packages external), started with --port 0, found through its log line and
// /debug/status, called over HTTPS trusting the ca.pem it wrote, then drained with SIGTERM.

const WORKSPACE = resolve(__dirname, '../../..');
const OUT_DIR = join(WORKSPACE, 'tmp', `injector-main-spec-${process.pid}`);
const SAMPLES = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../shared/istio-samples');
const harness = new ProcessHarness();
let mainJs: string;

beforeAll(async () => {
  await mkdir(OUT_DIR, { recursive: true });
  mainJs = join(OUT_DIR, 'main.js');
  const pkg = JSON.parse(await readFile(join(WORKSPACE, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
  await build({
    entryPoints: [join(__dirname, 'main.ts')],
    outfile: mainJs,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    tsconfig: join(WORKSPACE, 'apps/injector/tsconfig.json'),
    external: [...Object.keys(pkg['dependencies'] ?? {}), ...Object.keys(pkg['devDependencies'] ?? {})],
    logLevel: 'silent',
  });
}, 60_000);

afterAll(async () => {
  await harness.stopAll();
  await cleanup();
  await rm(OUT_DIR, { recursive: true, force: true });
});

describe('injector app', () => {
  it('serves /inject over HTTPS on an announced port with a CA callers can trust, and drains on SIGTERM', async () => {
    const certDir = join(await makeTempDir('injector-app-'), 'certs');
    const proc = harness.spawn('injector', process.execPath, [mainJs, '--port', '0', '--monitoring-port', '0', '--cert-dir', certDir]);
    const listening = await proc.waitForOutput(/"https":(\d+).*injector webhook listening/, 20_000);
    const httpsPort = Number(listening[1]);
    const ready = await proc.waitForOutput(/"monitoring":(\d+)/, 10_000);
    const status = await request(`http://127.0.0.1:${ready[1]}/debug/status`);
    expect(await status.body.json()).toMatchObject({ name: 'injector', ready: true, ports: { https: httpsPort } });

    const agent = new Agent({ connect: { ca: await readFile(join(certDir, 'ca.pem'), 'utf8') } });
    const admission = JSON.parse(await readFile(join(SAMPLES, 'other-repos/kubewarden-pod-privileged-policy/test_data/no_privileged_containers.json'), 'utf8')) as { uid: string };
    const response = await request(`https://localhost:${httpsPort}/inject`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview', request: admission }),
      dispatcher: agent,
    });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toMatchObject({ apiVersion: 'admission.k8s.io/v1beta1', response: { uid: admission.uid, allowed: true, patchType: 'JSONPatch' } });
    await agent.close();

    proc.signal('SIGTERM');
    expect(await proc.exited).toEqual({ code: 0, signal: null });
  }, 40_000);

  it('exits 2 with one line naming a bad flag', async () => {
    const proc = harness.spawn('injector-bad-flag', process.execPath, [mainJs, '--port', 'https']);
    expect((await proc.exited).code).toBe(2);
    expect(proc.output()).toMatch(/^injector: TSM_CONFIG_INVALID: .*--port/m);
  }, 20_000);

  it('exits 1 when only half of the TLS pair is given', async () => {
    const proc = harness.spawn('injector-half-tls', process.execPath, [mainJs, '--port', '0', '--monitoring-port', '0', '--tls-cert-file', '/tmp/cert.pem']);
    expect((await proc.exited).code).toBe(1);
    expect(proc.output()).toMatch(/--tls-key-file/);
  }, 20_000);
});
