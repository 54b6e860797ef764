import { createCsr, parseAndVerifyCsr } from './csr';
import { summarizeCertificate } from './inspect';
import { issueLeafCertificate } from './issue-leaf';
import { generateKeyPair, type KeyAlgorithm } from './key-pair';
import { certificateToPem } from './pem';
import { createSelfSignedCa, DAY_MS } from './root-ca';
import { openssl } from './test-openssl';
import { x509 } from './x509';

const SPIFFE = 'spiffe://cluster.local/ns/default/sa/productpage';

describe.each<KeyAlgorithm>(['ecdsa-p256', 'rsa-2048'])('issuing with %s keys', (keyAlgorithm) => {
  it('creates a self-signed root with Istio-like extensions and a ten year TTL', async () => {
    const root = await createSelfSignedCa({ organization: 'cluster.local', keyAlgorithm });
    const cert = root.certificate;
    const basic = cert.getExtension(x509.BasicConstraintsExtension);
    expect(basic?.ca).toBe(true);
    expect(basic?.critical).toBe(true);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(cert.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(cert.notAfter.getTime() - cert.notBefore.getTime()).toBe(3650 * DAY_MS);
    expect(cert.subject).toBe('O=cluster.local');
    expect(await cert.isSelfSigned()).toBe(true);
    expect(root.keyPem).toContain('-----BEGIN PRIVATE KEY-----');
  });

  it('signs a leaf from a CSR that openssl accepts for both TLS client and server', async () => {
    const root = await createSelfSignedCa({ organization: 'cluster.local', keyAlgorithm });
    const keys = await generateKeyPair(keyAlgorithm);
    const csr = await parseAndVerifyCsr(await createCsr({ keys, uris: [SPIFFE] }));
    expect(csr.uris).toEqual([SPIFFE]);
    expect(csr.subject).toBe('');

    const leaf = await issueLeafCertificate(csr, { issuer: root, ttlMs: 3_600_000 });
    const leafPem = certificateToPem(leaf);
    const files = { 'root.pem': root.certPem, 'leaf.pem': leafPem };
    for (const purpose of ['sslserver', 'sslclient']) {
      const verdict = await openssl(['verify', '-purpose', purpose, '-CAfile', 'root.pem', 'leaf.pem'], files);
      expect(verdict).toEqual({ ok: true, output: expect.stringContaining('leaf.pem: OK') });
    }
    const text = await openssl(['x509', '-noout', '-text', '-in', 'leaf.pem'], files);
    expect(text.output).toContain(`URI:${SPIFFE}`);
    expect(text.output).toMatch(/X509v3 Subject Alternative Name: critical/);
    expect(text.output).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text.output).toMatch(/Digital Signature, Key Encipherment/);

    const aki = leaf.getExtension(x509.AuthorityKeyIdentifierExtension);
    expect(aki?.keyId).toBe(root.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId);
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(3_600_000);
    expect(summarizeCertificate(leaf)).toMatchObject({ uris: [SPIFFE], isCa: false, subject: '' });
  });
});

describe('leaf details', () => {
  it('uses random serials, keeps a non-empty subject and a non-critical SAN, and never outlives the issuer', async () => {
    const root = await createSelfSignedCa({ organization: 'cluster.local', ttlMs: 60_000 });
    const keys = await generateKeyPair();
    const request = { publicKey: keys.publicKey, subject: 'CN=istio-citadel', uris: [SPIFFE], dnsNames: ['localhost'] };
    const first = await issueLeafCertificate(request, { issuer: root, ttlMs: DAY_MS });
    const second = await issueLeafCertificate(request, { issuer: root, ttlMs: DAY_MS });
    expect(first.serialNumber).not.toBe(second.serialNumber);
    expect(first.serialNumber).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(first.getExtension(x509.SubjectAlternativeNameExtension)?.critical).toBe(false);
    expect(first.notAfter.getTime()).toBe(root.certificate.notAfter.getTime());
    expect(summarizeCertificate(first).dnsNames).toEqual(['localhost']);
  });
});
