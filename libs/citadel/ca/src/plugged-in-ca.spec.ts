import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCsr, generateKeyPair } from '@tsmesh/shared-certificates';
import { loadCertificateAuthority } from './load-ca';
import { loadPluggedInCa } from './plugged-in-ca';
import { openssl, silentLog, tempDir } from './test-support';

const ME = 'spiffe://cluster.local/ns/default/sa/details';

/** An operator's PKI made with openssl: RSA root (PKCS#1 key) and an EC intermediate signing CA. */
async function operatorPki(dir: string): Promise<void> {
  const caExt = 'basicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n';
  await writeFile(join(dir, 'ca.ext'), caExt);
  await writeFile(join(dir, 'leaf.ext'), 'basicConstraints=critical,CA:FALSE\n');
  await openssl(dir, ['genrsa', '-traditional', '-out', 'root-key.pem', '2048']);
  await openssl(dir, ['req', '-x509', '-new', '-key', 'root-key.pem', '-out', 'root-cert.pem', '-days', '30', '-subj', '/O=Operator Root',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  await openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca-key.pem',
    '-out', 'ca.csr', '-subj', '/O=cluster.local/CN=Intermediate CA']);
  await openssl(dir, ['x509', '-req', '-in', 'ca.csr', '-CA', 'root-cert.pem', '-CAkey', 'root-key.pem', '-CAcreateserial',
    '-out', 'ca-cert.pem', '-days', '10', '-extfile', 'ca.ext']);
  await openssl(dir, ['x509', '-req', '-in', 'ca.csr', '-CA', 'root-cert.pem', '-CAkey', 'root-key.pem', '-CAcreateserial',
    '-out', 'not-a-ca.pem', '-days', '10', '-extfile', 'leaf.ext']);
  await openssl(dir, ['req', '-x509', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'other-key.pem', '-out', 'other-root.pem',
    '-days', '30', '-subj', '/O=Operator Root']);
}

describe('plugged-in CA (--signing-cert, --signing-key, --root-cert, --cert-chain)', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeAll(async () => {
    dir = await tempDir('plugged');
    await operatorPki(dir.path);
  });
  afterAll(() => dir.cleanup());
  const files = (overrides: Record<string, string> = {}) => ({
    signingCertFile: join(dir.path, overrides['cert'] ?? 'ca-cert.pem'),
    signingKeyFile: join(dir.path, overrides['key'] ?? 'ca-key.pem'),
    rootCertFile: join(dir.path, overrides['root'] ?? 'root-cert.pem'),
    certChainFile: join(dir.path, overrides['chain'] ?? 'ca-cert.pem'),
  });

  it('signs with the intermediate and returns [leaf, intermediate, root] that openssl verifies', async () => {
    const ca = await loadCertificateAuthority({
      rootDir: join(dir.path, 'published'), trustDomain: 'cluster.local', selfSignedCa: false, pluggedIn: files(),
      workloadCertTtlMs: 3_600_000, maxWorkloadCertTtlMs: 3_600_000, log: silentLog,
    });
    expect(ca.bundle.mode).toBe('plugged-in');
    const csrPem = await createCsr({ keys: await generateKeyPair(), uris: [ME] });
    const { certChain } = await ca.sign({ csrPem, callerIdentities: [ME] });
    expect(certChain).toHaveLength(3);
    const [leaf, intermediate, root] = certChain as [string, string, string];
    await writeFile(join(dir.path, 'leaf.pem'), leaf);
    await writeFile(join(dir.path, 'chain.pem'), intermediate);
    await writeFile(join(dir.path, 'root.pem'), root);
    await expect(openssl(dir.path, ['verify', '-CAfile', 'root.pem', '-untrusted', 'chain.pem', 'leaf.pem'])).resolves.toContain('leaf.pem: OK');
  });

  it('works without --cert-chain when the signing cert is issued by the root', async () => {
    const { certChainFile: _unused, ...withoutChain } = files();
    const bundle = await loadPluggedInCa(withoutChain);
    expect(bundle.intermediatePems).toHaveLength(1);
  });

  it('names the flag that is wrong', async () => {
    await expect(loadPluggedInCa(files({ key: 'root-key.pem' }))).rejects.toThrow(/signing key does not match/);
    await expect(loadPluggedInCa(files({ cert: 'not-a-ca.pem', chain: 'not-a-ca.pem' }))).rejects.toThrow(/not a CA/);
    await expect(loadPluggedInCa(files({ root: 'other-root.pem' }))).rejects.toThrow(/does not chain to the root/);
    await expect(loadPluggedInCa(files({ root: 'missing.pem' }))).rejects.toMatchObject({ field: '--root-cert', code: 'TSM_CONFIG_INVALID' });
    await expect(loadPluggedInCa(files({ key: 'ca-cert.pem' }))).rejects.toMatchObject({ field: '--signing-key' });
  });
});
