import { status } from '@grpc/grpc-js';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  createCsr,
  createSelfSignedCa,
  generateKeyPair,
  generateTokenSigningKey,
  issueLeafCertificate,
  mintServiceAccountToken,
  privateKeyToPem,
  summarizeCertificate,
} from '@tsmesh/shared-certificates';
import type { CertificateAuthority } from './certificate-authority';
import { type CitadelServer, startCitadelServer } from './citadel-server';
import { loadCertificateAuthority } from './load-ca';
import { HOUR_MS } from './ttl';
import { citadelClient, requestCertificate, testMeter } from './test-grpc-client';
import { openssl, silentLog, tempDir } from './test-support';

const ME = 'spiffe://cluster.local/ns/default/sa/productpage';
const tokenKey = generateTokenSigningKey('ES256');
const token = (serviceAccount = 'productpage', extra: { ttlSeconds?: number; now?: Date } = {}) =>
  mintServiceAccountToken({ signingKeyPem: tokenKey.privateKeyPem, namespace: 'default', serviceAccount, ...extra });

async function workloadCsr(uri = ME) {
  const keys = await generateKeyPair();
  return { csr: await createCsr({ keys, uris: [uri] }), keyPem: privateKeyToPem(keys.privateKey) };
}

describe('Citadel gRPC server (real TLS on loopback)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let ca: CertificateAuthority;
  let server: CitadelServer;
  let metrics: ReturnType<typeof testMeter>;

  async function start(): Promise<void> {
    ca = await loadCertificateAuthority({
      rootDir: dir.path, trustDomain: 'cluster.local', selfSignedCa: true,
      workloadCertTtlMs: 24 * HOUR_MS, maxWorkloadCertTtlMs: 48 * HOUR_MS, log: silentLog,
    });
    server = await startCitadelServer({ host: '127.0.0.1', port: 0, ca, tokenVerificationKeyPem: tokenKey.publicKeyPem, log: silentLog, meter: metrics.meter });
  }

  beforeAll(async () => {
    dir = await tempDir('citadel-server');
    metrics = testMeter();
    await start();
  });
  afterAll(async () => {
    await server.close(0);
    await dir.cleanup();
  });

  it('issues a certificate for the token identity that openssl verifies', async () => {
    let serverSans = '';
    const client = citadelClient(server.port, { rootPem: ca.rootPem, onServerCert: (sans) => (serverSans = sans) });
    const { csr } = await workloadCsr();
    const outcome = await requestCertificate(client, { csr, token: token() });
    client.close();
    if (!outcome.ok) throw new Error(outcome.details);
    expect(outcome.certChain).toHaveLength(2);
    const [leaf, root] = outcome.certChain as [string, string];
    expect(root).toBe(ca.rootPem);
    expect(serverSans).toContain('URI:spiffe://cluster.local/ns/istio-system/sa/istio-citadel-service-account');
    expect(serverSans).toContain('DNS:istio-citadel');
    expect(serverSans).toContain('DNS:localhost');

    await writeFile(join(dir.path, 'leaf.pem'), leaf);
    await writeFile(join(dir.path, 'chain.pem'), outcome.certChain.slice(1, -1).join('') || root);
    await writeFile(join(dir.path, 'root.pem'), root);
    await expect(openssl(dir.path, ['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', 'leaf.pem'])).resolves.toContain('leaf.pem: OK');
    await expect(openssl(dir.path, ['x509', '-noout', '-ext', 'subjectAltName', '-in', 'leaf.pem'])).resolves.toContain(`URI:${ME}`);
    const summary = summarizeCertificate(leaf);
    expect(summary.notAfter.getTime() - summary.notBefore.getTime()).toBe(24 * HOUR_MS);
    expect(await metrics.counter('citadel_server_success_cert_issuance_count')).toBeGreaterThanOrEqual(1);
  });

  it('caps the requested TTL at --max-workload-cert-ttl', async () => {
    const client = citadelClient(server.port, { rootPem: ca.rootPem });
    const outcome = await requestCertificate(client, { csr: (await workloadCsr()).csr, token: token(), validityDuration: String(3650 * 24 * 3600) });
    client.close();
    if (!outcome.ok) throw new Error(outcome.details);
    const summary = summarizeCertificate(outcome.certChain[0] as string);
    expect(summary.notAfter.getTime() - summary.notBefore.getTime()).toBe(48 * HOUR_MS);
  });

  it('refuses to sign for an identity other than the caller (PERMISSION_DENIED)', async () => {
    const client = citadelClient(server.port, { rootPem: ca.rootPem });
    const outcome = await requestCertificate(client, { csr: (await workloadCsr()).csr, token: token('reviews') });
    client.close();
    expect(outcome).toMatchObject({ ok: false, code: status.PERMISSION_DENIED, details: expect.stringContaining('TSM_PERMISSION_DENIED') });
  });

  it('rejects missing, expired and forged tokens (UNAUTHENTICATED)', async () => {
    const client = citadelClient(server.port, { rootPem: ca.rootPem });
    const { csr } = await workloadCsr();
    const failuresBefore = await metrics.counter('citadel_server_authentication_failure_count');
    const none = await requestCertificate(client, { csr });
    const expired = await requestCertificate(client, { csr, token: token('productpage', { ttlSeconds: 60, now: new Date(Date.now() - 3_600_000) }) });
    const forgedToken = mintServiceAccountToken({ signingKeyPem: generateTokenSigningKey().privateKeyPem, namespace: 'default', serviceAccount: 'productpage' });
    const forged = await requestCertificate(client, { csr, token: forgedToken });
    client.close();
    expect(none).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, details: expect.stringContaining('no credential') });
    expect(expired).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, details: expect.stringContaining('expired') });
    expect(forged).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, details: expect.stringContaining('signature does not verify') });
    expect(await metrics.counter('citadel_server_authentication_failure_count')).toBe(failuresBefore + 3);
  });

  it('rejects a garbage CSR (INVALID_ARGUMENT, CSR_ERROR)', async () => {
    const client = citadelClient(server.port, { rootPem: ca.rootPem });
    const outcome = await requestCertificate(client, { csr: 'not a csr', token: token() });
    client.close();
    expect(outcome).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT, details: expect.stringContaining('TSM_CA_CSR_ERROR') });
    expect(await metrics.counter('citadel_server_csr_sign_error_count', { error_type: 'CSR_ERROR' })).toBe(1);
  });

  it('renews over mTLS with the issued certificate, and rejects a certificate from another CA', async () => {
    const first = await workloadCsr();
    const tokenClient = citadelClient(server.port, { rootPem: ca.rootPem });
    const issued = await requestCertificate(tokenClient, { csr: first.csr, token: token() });
    tokenClient.close();
    if (!issued.ok) throw new Error(issued.details);
    const mtlsClient = citadelClient(server.port, { rootPem: ca.rootPem, clientCert: { certChainPem: issued.certChain[0] as string, keyPem: first.keyPem } });
    const renewed = await requestCertificate(mtlsClient, { csr: (await workloadCsr()).csr });
    const other = await requestCertificate(mtlsClient, { csr: (await workloadCsr('spiffe://cluster.local/ns/default/sa/reviews')).csr });
    mtlsClient.close();
    expect(renewed.ok).toBe(true);
    expect(other).toMatchObject({ ok: false, code: status.PERMISSION_DENIED });

    const rogueCa = await createSelfSignedCa({ organization: 'cluster.local' });
    const rogueKeys = await generateKeyPair();
    const rogueLeaf = await issueLeafCertificate({ publicKey: rogueKeys.publicKey, uris: [ME], dnsNames: [] }, { issuer: rogueCa, ttlMs: HOUR_MS });
    const rogueClient = citadelClient(server.port, {
      rootPem: ca.rootPem,
      clientCert: { certChainPem: rogueLeaf.toString('pem'), keyPem: privateKeyToPem(rogueKeys.privateKey) },
    });
    const rejected = await requestCertificate(rogueClient, { csr: (await workloadCsr()).csr });
    rogueClient.close();
    // The handshake does not verify against our root, so the certificate counts as no credential at all.
    expect(rejected).toMatchObject({ ok: false, code: status.UNAUTHENTICATED, details: expect.stringContaining('no credential') });
  });

  it('keeps the same root across a restart, so existing certificates still renew', async () => {
    const first = await workloadCsr();
    const client = citadelClient(server.port, { rootPem: ca.rootPem });
    const issued = await requestCertificate(client, { csr: first.csr, token: token() });
    client.close();
    if (!issued.ok) throw new Error(issued.details);
    const rootBefore = ca.rootPem;

    await server.close(0);
    await start();
    expect(ca.rootPem).toBe(rootBefore);
    const mtlsClient = citadelClient(server.port, { rootPem: ca.rootPem, clientCert: { certChainPem: issued.certChain[0] as string, keyPem: first.keyPem } });
    const renewed = await requestCertificate(mtlsClient, { csr: (await workloadCsr()).csr });
    mtlsClient.close();
    expect(renewed.ok).toBe(true);
  });
});
