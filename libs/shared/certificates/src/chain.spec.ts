import { verifyCertificateChain } from './chain';
import { ChainVerificationError } from './errors';
import { createIntermediateCa } from './intermediate-ca';
import { issueLeafCertificate } from './issue-leaf';
import { generateKeyPair } from './key-pair';
import { createSelfSignedCa } from './root-ca';
import { openssl } from './test-openssl';

async function pki() {
  const root = await createSelfSignedCa({ organization: 'root.example' });
  const intermediate = await createIntermediateCa({ issuer: root, organization: 'cluster.local', commonName: 'intermediate' });
  const keys = await generateKeyPair();
  const leaf = await issueLeafCertificate(
    { publicKey: keys.publicKey, uris: ['spiffe://cluster.local/ns/default/sa/x'], dnsNames: [] },
    { issuer: intermediate, ttlMs: 3_600_000 },
  );
  return { root, intermediate, leaf };
}

describe('verifyCertificateChain', () => {
  it('builds leaf -> intermediate -> root, and openssl agrees', async () => {
    const { root, intermediate, leaf } = await pki();
    const path = await verifyCertificateChain({ leaf, intermediates: [intermediate.certPem], roots: [root.certPem] });
    expect(path.map((cert) => cert.subject)).toEqual(['', 'O=cluster.local, CN=intermediate', 'O=root.example']);
    const files = { 'root.pem': root.certPem, 'chain.pem': intermediate.certPem, 'leaf.pem': leaf.toString('pem') };
    const verdict = await openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', 'leaf.pem'], files);
    expect(verdict.ok).toBe(true);
  });

  it('accepts a trusted root presented as the leaf', async () => {
    const { root } = await pki();
    await expect(verifyCertificateChain({ leaf: root.certificate, roots: [root.certificate] })).resolves.toHaveLength(1);
  });

  it('fails without the intermediate, with an untrusted root, and outside the validity window', async () => {
    const { root, intermediate, leaf } = await pki();
    const other = await createSelfSignedCa({ organization: 'root.example' });
    await expect(verifyCertificateChain({ leaf, roots: [root.certificate] })).rejects.toThrow(/no trusted issuer/);
    await expect(verifyCertificateChain({ leaf, intermediates: [intermediate.certificate], roots: [other.certificate] })).rejects.toThrow(
      ChainVerificationError,
    );
    const later = new Date(leaf.notAfter.getTime() + 1000);
    await expect(
      verifyCertificateChain({ leaf, intermediates: [intermediate.certificate], roots: [root.certificate], now: later }),
    ).rejects.toThrow(/expired/);
  });

  it('refuses a leaf used as an issuer', async () => {
    const { root, leaf } = await pki();
    const keys = await generateKeyPair();
    const fakeIssuer = { certificate: leaf, privateKey: keys.privateKey };
    const child = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [], dnsNames: ['x'] }, { issuer: fakeIssuer, ttlMs: 1000 });
    await expect(verifyCertificateChain({ leaf: child, intermediates: [leaf], roots: [root.certificate] })).rejects.toThrow(/no trusted issuer/);
  });
});
