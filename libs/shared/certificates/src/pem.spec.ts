import { generateKeyPairSync } from 'node:crypto';
import { CertificateFormatError } from './errors';
import { generateKeyPair } from './key-pair';
import { importKeyPairPem, parseCertificateBundle, parseCertificatePem, privateKeyToPem, publicKeySpki, splitPemBlocks } from './pem';
import { createSelfSignedCa } from './root-ca';
import { webcrypto } from './x509';

describe('PEM', () => {
  it('round-trips a PKCS#8 private key and keeps the public half', async () => {
    const keys = await generateKeyPair();
    const pem = privateKeyToPem(keys.privateKey);
    expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const imported = importKeyPairPem(pem);
    expect((await publicKeySpki(imported.publicKey)).equals(await publicKeySpki(keys.publicKey))).toBe(true);
    const data = Buffer.from('signed');
    const signature = await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, imported.privateKey, data);
    expect(await webcrypto.subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, keys.publicKey, signature, data)).toBe(true);
  });

  it('imports PKCS#1 RSA and SEC1 EC keys, as plugged-in CAs ship them', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    expect(importKeyPairPem(rsa).privateKey.algorithm.name).toBe('RSASSA-PKCS1-v1_5');
    expect(importKeyPairPem(ec).privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-384' });
  });

  it('rejects unreadable and unsupported keys', () => {
    expect(() => importKeyPairPem('nope')).toThrow(CertificateFormatError);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => importKeyPairPem(ed)).toThrow(/unsupported key type ed25519/);
  });

  it('splits bundles and parses certificates', async () => {
    const a = await createSelfSignedCa({ organization: 'a' });
    const b = await createSelfSignedCa({ organization: 'b' });
    const bundle = `junk\n${a.certPem}${a.keyPem}${b.certPem}`;
    expect(splitPemBlocks(bundle)).toHaveLength(3);
    expect(parseCertificateBundle(bundle).map((cert) => cert.subject)).toEqual(['O=a', 'O=b']);
    expect(() => parseCertificatePem(bundle)).toThrow(/expected one PEM CERTIFICATE block, found 2/);
    expect(() => parseCertificateBundle(a.keyPem)).toThrow(/no PEM CERTIFICATE block/);
    expect(() => parseCertificatePem('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toThrow(/malformed DER/);
  });
});
