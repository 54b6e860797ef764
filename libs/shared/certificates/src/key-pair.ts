import { type CryptoKey, type CryptoKeyPair, webcrypto } from './x509';

/**
 * Key algorithms we generate. ECDSA P-256 is the default (small, fast); RSA 2048 is what
 * Istio 1.2 itself uses, kept for interoperability with plugged-in CAs and old tooling.
 */
export type KeyAlgorithm = 'ecdsa-p256' | 'rsa-2048';
export const KEY_ALGORITHMS: readonly KeyAlgorithm[] = ['ecdsa-p256', 'rsa-2048'];

const GENERATE_PARAMS: Record<KeyAlgorithm, webcrypto.EcKeyGenParams | webcrypto.RsaHashedKeyGenParams> = {
  'ecdsa-p256': { name: 'ECDSA', namedCurve: 'P-256' },
  'rsa-2048': {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  },
};

/** Generates a signing key pair. Keys are extractable so they can be written as PKCS#8 PEM. */
export async function generateKeyPair(algorithm: KeyAlgorithm = 'ecdsa-p256'): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(GENERATE_PARAMS[algorithm], true, ['sign', 'verify']);
}

/** The signature algorithm to use with a private key (SHA-256, or SHA-384 for P-384 keys). */
export function signingAlgorithmFor(key: CryptoKey): webcrypto.Algorithm | webcrypto.EcdsaParams {
  const algorithm = key.algorithm as webcrypto.EcKeyAlgorithm;
  if (algorithm.name === 'ECDSA') {
    return { name: 'ECDSA', hash: algorithm.namedCurve === 'P-384' ? 'SHA-384' : 'SHA-256' };
  }
  return { name: algorithm.name };
}
