import {
  certificateToPem,
  createIntermediateCa,
  createSelfSignedCa,
  generateKeyPair,
  issueLeafCertificate,
} from '@tsmesh/shared-certificates';
import { IssuedCertificateInvalidError } from './errors';
import { acceptIssuedChain } from './identity-material';

const ME = 'spiffe://cluster.local/ns/default/sa/ratings';

async function issued(uri = ME) {
  const root = await createSelfSignedCa({ organization: 'cluster.local' });
  const intermediate = await createIntermediateCa({ issuer: root, organization: 'cluster.local' });
  const keys = await generateKeyPair();
  const leaf = await issueLeafCertificate({ publicKey: keys.publicKey, uris: [uri], dnsNames: [] }, { issuer: intermediate, ttlMs: 3_600_000 });
  const [leafPem, intermediatePem] = [certificateToPem(leaf), intermediate.certPem];
  return { root, keys, leafPem, intermediatePem, certChain: [leafPem, intermediatePem, root.certPem] };
}

describe('acceptIssuedChain', () => {
  it('accepts our identity on our key under the trusted root; cert-chain.pem excludes the root', async () => {
    const { root, keys, certChain, leafPem, intermediatePem } = await issued();
    const material = await acceptIssuedChain({ certChain, keys, expectedSpiffeId: ME, trustedRootPem: root.certPem });
    expect(material.certChainPem).toBe(leafPem + intermediatePem);
    expect(material.rootPem).toBe(root.certPem);
    expect(material.keyPem).toContain('BEGIN PRIVATE KEY');
    expect(material.notAfter.getTime() - material.notBefore.getTime()).toBe(3_600_000);
  });

  it('refuses another identity, another key, an untrusted root and a short answer', async () => {
    const { root, keys, certChain, leafPem } = await issued();
    const check = { certChain, keys, expectedSpiffeId: ME, trustedRootPem: root.certPem };
    await expect(acceptIssuedChain({ ...check, expectedSpiffeId: 'spiffe://cluster.local/ns/default/sa/other' })).rejects.toThrow(
      /leaf identity .* is not/,
    );
    await expect(acceptIssuedChain({ ...check, keys: await generateKeyPair() })).rejects.toThrow(/does not match our private key/);
    const stranger = await createSelfSignedCa({ organization: 'cluster.local' });
    await expect(acceptIssuedChain({ ...check, trustedRootPem: stranger.certPem })).rejects.toThrow(IssuedCertificateInvalidError);
    await expect(acceptIssuedChain({ ...check, certChain: [leafPem] })).rejects.toThrow(/expected \[leaf, \.\.\., root\]/);
  });
});
