import { credentials, Metadata } from '@grpc/grpc-js';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createCsr, generateKeyPair, generateTokenSigningKey, mintServiceAccountToken, summarizeCertificate } from '@tsmesh/shared-certificates';
import { cleanup, makeTempDir, ProcessHarness } from '@tsmesh/shared-testing';
import { IstioCertificateServiceClient } from '@tsmesh/contracts/istio/security/v1alpha1/istioca';

// The built binary (this project's test target depends on its build), run as an operator would.
const MAIN = resolve(__dirname, '../../../dist/apps/citadel/main.js');
jest.setTimeout(30_000);

describe('citadel binary', () => {
  const harness = new ProcessHarness();
  let dir: string;

  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run npx nx build citadel`);
  });
  beforeEach(async () => (dir = await makeTempDir('tsmesh-citadel-app-')));
  afterEach(async () => {
    await harness.stopAll();
    await cleanup();
  });

  it('serves certificates, reports its port and metrics, and exits 0 on SIGTERM', async () => {
    const tokenKey = generateTokenSigningKey();
    await writeFile(join(dir, 'token-key.pem'), tokenKey.publicKeyPem);
    const citadel = harness.spawn('citadel', process.execPath, [
      MAIN, '--grpc-port', '0', '--monitoring-port', '0', '--root-dir', join(dir, 'ca'), '--token-verification-key', join(dir, 'token-key.pem'),
    ]);
    const [, monitoringPort] = (await citadel.waitForOutput(/"monitoring":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    const status = (await (await fetch(`http://127.0.0.1:${monitoringPort}/debug/status`)).json()) as { ports: { grpc: number } };
    expect(status.ports.grpc).toBeGreaterThan(0);

    const rootPem = await readFile(join(dir, 'ca', 'root-cert.pem'), 'utf8');
    const client = new IstioCertificateServiceClient(`127.0.0.1:${status.ports.grpc}`, credentials.createSsl(Buffer.from(rootPem)), {
      'grpc.ssl_target_name_override': 'istio-citadel',
    });
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${mintServiceAccountToken({ signingKeyPem: tokenKey.privateKeyPem, namespace: 'bookinfo', serviceAccount: 'details' })}`);
    const csr = await createCsr({ keys: await generateKeyPair(), uris: ['spiffe://cluster.local/ns/bookinfo/sa/details'] });
    const chain = await new Promise<string[]>((done, fail) =>
      client.createCertificate({ csr, subjectId: '', validityDuration: '0' }, metadata, (err, response) =>
        err ? fail(err) : done(response.certChain),
      ),
    );
    client.close();
    const leaf = summarizeCertificate(chain[0] ?? '');
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(2160 * 3_600_000);

    const metrics = await (await fetch(`http://127.0.0.1:${monitoringPort}/metrics`)).text();
    expect(metrics).toMatch(/citadel_server_csr_count\S* 1/);
    expect(metrics).toMatch(/citadel_server_success_cert_issuance_count\S* 1/);

    citadel.signal('SIGTERM');
    expect(await citadel.waitForExit()).toEqual({ code: 0, signal: null });
  });

  it('exits 2 naming a bad flag, and 1 when the CA cannot be loaded', async () => {
    const badFlag = harness.spawn('citadel', process.execPath, [MAIN, '--grpc-port', 'abc']);
    expect((await badFlag.waitForExit()).code).toBe(2);
    expect(badFlag.output()).toContain('citadel: TSM_CONFIG_INVALID: --grpc-port');

    const noFiles = harness.spawn('citadel', process.execPath, [MAIN, '--grpc-port', '0', '--monitoring-port', '0', '--root-dir', dir, '--self-signed-ca=false']);
    expect((await noFiles.waitForExit()).code).toBe(1);
    expect(noFiles.output()).toContain('--signing-cert');
  });
});
