import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { CertificateFormatError } from './errors';
import { type CryptoKey, type CryptoKeyPair, webcrypto, x509 } from './x509';

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** Every PEM block in `text` (optionally only those with `label`), each ending in a newline. */
export function splitPemBlocks(text: string, label?: string): string[] {
  const blocks: string[] = [];
  for (const match of text.matchAll(PEM_BLOCK)) {
    if (label === undefined || match[1] === label) blocks.push(`${match[0]}\n`);
  }
  return blocks;
}

/** Parses exactly one PEM certificate. */
export function parseCertificatePem(pem: string, what = 'certificate'): x509.X509Certificate {
  const blocks = splitPemBlocks(pem, 'CERTIFICATE');
  if (blocks.length !== 1) {
    throw new CertificateFormatError(`${what}: expected one PEM CERTIFICATE block, found ${blocks.length}`);
  }
  return parseDer(() => new x509.X509Certificate(blocks[0] as string), what);
}

/** Parses a bundle of PEM certificates (a chain file); order is preserved. */
export function parseCertificateBundle(pem: string, what = 'certificate bundle'): x509.X509Certificate[] {
  const blocks = splitPemBlocks(pem, 'CERTIFICATE');
  if (blocks.length === 0) throw new CertificateFormatError(`${what}: no PEM CERTIFICATE block found`);
  return blocks.map((block, index) => parseDer(() => new x509.X509Certificate(block), `${what}[${index}]`));
}

export function certificateToPem(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem').trim()}\n`;
}

/** PKCS#8 PEM of a private key (the format Istio writes with `--pkcs8-keys`, and Envoy reads). */
export function privateKeyToPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString();
}

export function publicKeyToPem(key: CryptoKey): string {
  return KeyObject.from(key).export({ type: 'spki', format: 'pem' }).toString();
}

/**
 * Imports a private key PEM (PKCS#8, or the PKCS#1 / SEC1 forms plugged-in CAs often ship)
 * together with its public half, ready for signing with WebCrypto.
 */
export function importKeyPairPem(pem: string, what = 'private key'): CryptoKeyPair {
  let privateObject: KeyObject;
  try {
    privateObject = createPrivateKey(pem);
  } catch (err) {
    throw new CertificateFormatError(`${what}: not a readable PEM private key`, { cause: err });
  }
  const algorithm = webCryptoAlgorithmOf(privateObject, what);
  const publicObject = createPublicKey(privateObject);
  return {
    privateKey: privateObject.toCryptoKey(algorithm, true, ['sign']),
    publicKey: publicObject.toCryptoKey(algorithm, true, ['verify']),
  };
}

/** DER SubjectPublicKeyInfo bytes, the canonical form for comparing public keys. */
export async function publicKeySpki(key: CryptoKey | x509.PublicKey): Promise<Buffer> {
  if (key instanceof x509.PublicKey) return Buffer.from(key.rawData);
  return Buffer.from(await webcrypto.subtle.exportKey('spki', key));
}

function webCryptoAlgorithmOf(key: KeyObject, what: string): webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams {
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'prime256v1') return { name: 'ECDSA', namedCurve: 'P-256' };
    if (curve === 'secp384r1') return { name: 'ECDSA', namedCurve: 'P-384' };
    throw new CertificateFormatError(`${what}: unsupported EC curve ${curve ?? 'unknown'} (P-256 or P-384 only)`);
  }
  if (key.asymmetricKeyType === 'rsa') return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  throw new CertificateFormatError(`${what}: unsupported key type ${key.asymmetricKeyType ?? 'unknown'} (EC or RSA only)`);
}

function parseDer<T>(parse: () => T, what: string): T {
  try {
    return parse();
  } catch (err) {
    throw new CertificateFormatError(`${what}: malformed DER inside PEM (${(err as Error).message})`, { cause: err });
  }
}
