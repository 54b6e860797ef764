import { PermissionDeniedError } from '@tsmesh/shared-errors';
import { createCsr, createSelfSignedCa, generateKeyPair, summarizeCertificate } from '@tsmesh/shared-certificates';
import { assembleBundle } from './ca-bundle';
import { CertificateAuthority } from './certificate-authority';
import { CaCsrError, CaNotReadyError, CaTtlError } from './errors';
import { HOUR_MS } from './ttl';

const ME = 'spiffe://cluster.local/ns/default/sa/reviews';

async function newCa(options: { now?: () => Date } = {}) {
  const root = await createSelfSignedCa({ organization: 'cluster.local' });
  const keys = { privateKey: root.privateKey, publicKey: await root.certificate.publicKey.export() };
  const bundle = await assembleBundle({ signingCertificate: root.certificate, signingKey: keys, chain: [], root: root.certificate, mode: 'self-signed' }, 'test');
  return new CertificateAuthority(bundle, { trustDomain: 'cluster.local', workloadCertTtlMs: 24 * HOUR_MS, maxWorkloadCertTtlMs: 48 * HOUR_MS, ...options });
}

async function csrFor(uris: string[], dnsNames: string[] = [], keyAlgorithm: 'ecdsa-p256' | 'rsa-2048' = 'ecdsa-p256') {
  return createCsr({ keys: await generateKeyPair(keyAlgorithm), uris, dnsNames });
}

describe('CertificateAuthority.sign', () => {
  it('signs the caller identity and returns [leaf, root]', async () => {
    const ca = await newCa();
    const signed = await ca.sign({ csrPem: await csrFor([ME], [], 'rsa-2048'), callerIdentities: [ME], requestedTtlSeconds: '0' });
    expect(signed.certChain).toHaveLength(2);
    expect(signed.certChain[1]).toBe(ca.rootPem);
    const leaf = summarizeCertificate(signed.certChain[0] as string);
    expect(leaf.uris).toEqual([ME]);
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(24 * HOUR_MS);
    expect(signed).toMatchObject({ spiffeId: ME, ttlCapped: false, serialNumber: leaf.serialNumber });
  });

  it('caps the TTL at the maximum and rejects a negative one', async () => {
    const ca = await newCa();
    const csrPem = await csrFor([ME]);
    const signed = await ca.sign({ csrPem, callerIdentities: [ME], requestedTtlSeconds: String(365 * 24 * 3600) });
    const leaf = summarizeCertificate(signed.certChain[0] as string);
    expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(48 * HOUR_MS);
    expect(signed.ttlCapped).toBe(true);
    await expect(ca.sign({ csrPem, callerIdentities: [ME], requestedTtlSeconds: '-5' })).rejects.toThrow(CaTtlError);
  });

  it('refuses identities the caller does not own', async () => {
    const ca = await newCa();
    const other = 'spiffe://cluster.local/ns/default/sa/ratings';
    await expect(ca.sign({ csrPem: await csrFor([other]), callerIdentities: [ME] })).rejects.toThrow(PermissionDeniedError);
    await expect(ca.sign({ csrPem: await csrFor([ME]), callerIdentities: [] })).rejects.toThrow(/may not request/);
    const foreign = 'spiffe://evil.org/ns/default/sa/reviews';
    await expect(ca.sign({ csrPem: await csrFor([foreign]), callerIdentities: [foreign] })).rejects.toThrow(/trust domain evil.org/);
    await expect(ca.sign({ csrPem: await csrFor([ME], ['api.example.com']), callerIdentities: [ME] })).rejects.toThrow(/DNS SANs/);
  });

  it('rejects malformed CSRs with CSR_ERROR', async () => {
    const ca = await newCa();
    await expect(ca.sign({ csrPem: 'garbage', callerIdentities: [ME] })).rejects.toThrow(CaCsrError);
    await expect(ca.sign({ csrPem: await csrFor([]), callerIdentities: [ME] })).rejects.toThrow(/exactly one URI SAN/);
    await expect(ca.sign({ csrPem: await csrFor([ME, ME]), callerIdentities: [ME] })).rejects.toThrow(/exactly one URI SAN/);
    await expect(ca.sign({ csrPem: await csrFor(['https://example.com']), callerIdentities: [ME] })).rejects.toThrow(/not a SPIFFE ID/);
    await expect(ca.sign({ csrPem: await csrFor([ME]), callerIdentities: [ME], subjectId: 'spiffe://cluster.local/ns/x/sa/y' })).rejects.toThrow(
      /subject_id/,
    );
  });

  it('is not ready once its signing certificate has expired', async () => {
    const ca = await newCa({ now: () => new Date(Date.now() + 4000 * 24 * HOUR_MS) });
    await expect(ca.sign({ csrPem: await csrFor([ME]), callerIdentities: [ME] })).rejects.toThrow(CaNotReadyError);
  });
});
