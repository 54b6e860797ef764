import {
  type CryptoKeyPair,
  importKeyPairPem,
  parseCertificatePem,
  privateKeyToPem,
  publicKeySpki,
  splitPemBlocks,
  summarizeCertificate,
  verifyCertificateChain,
} from '@tsmesh/shared-certificates';
import { IssuedCertificateInvalidError } from './errors';

/** A workload's current identity: what Envoy needs for mTLS, plus facts for scheduling. */
export interface IdentityMaterial {
  /** Leaf followed by intermediates (no root), as a TLS server/client presents it. */
  readonly certChainPem: string;
  /** PKCS#8 private key; generated locally, never sent anywhere. */
  readonly keyPem: string;
  /** The mesh root to trust peers with. */
  readonly rootPem: string;
  readonly spiffeId: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export interface IssuedChainCheck {
  /** Citadel's answer: [leaf, ...intermediates, root]. */
  readonly certChain: readonly string[];
  /** The key pair the CSR was made with. */
  readonly keys: CryptoKeyPair;
  readonly expectedSpiffeId: string;
  /** The root we already trust (from the root cert file), not the one in the answer. */
  readonly trustedRootPem: string;
}

/**
 * Refuses to install anything but a certificate for our own key and identity that chains to the
 * root we trust: a compromised or misconfigured Citadel cannot hand us someone else's identity.
 */
export async function acceptIssuedChain(check: IssuedChainCheck): Promise<IdentityMaterial> {
  if (check.certChain.length < 2) {
    throw new IssuedCertificateInvalidError(`expected [leaf, ..., root], got ${check.certChain.length} certificate(s)`);
  }
  const leafPem = check.certChain[0] as string;
  const intermediates = check.certChain.slice(1, -1);
  const rootPem = check.certChain[check.certChain.length - 1] as string;
  return materialFrom({ certChainPem: leafPem + intermediates.join(''), keyPem: privateKeyToPem(check.keys.privateKey), rootPem }, check);
}

/** Validates a chain+key already on disk (a restarted sidecar) or just issued. */
export async function materialFrom(
  files: { certChainPem: string; keyPem: string; rootPem: string },
  check: { expectedSpiffeId: string; trustedRootPem: string; keys?: CryptoKeyPair },
): Promise<IdentityMaterial> {
  try {
    const [leafPem, ...intermediates] = splitPemBlocks(files.certChainPem, 'CERTIFICATE');
    if (!leafPem) throw new Error('no certificate in the chain');
    const leaf = parseCertificatePem(leafPem, 'leaf');
    const summary = summarizeCertificate(leaf);
    if (summary.uris.length !== 1 || summary.uris[0] !== check.expectedSpiffeId) {
      throw new Error(`leaf identity ${summary.uris.join(', ') || '(none)'} is not ${check.expectedSpiffeId}`);
    }
    const keys = check.keys ?? importKeyPairPem(files.keyPem, 'key.pem');
    if (!(await publicKeySpki(leaf.publicKey)).equals(await publicKeySpki(keys.publicKey))) {
      throw new Error('leaf public key does not match our private key');
    }
    await verifyCertificateChain({ leaf, intermediates, roots: [check.trustedRootPem] });
    return {
      ...files,
      spiffeId: check.expectedSpiffeId,
      serialNumber: summary.serialNumber,
      notBefore: summary.notBefore,
      notAfter: summary.notAfter,
    };
  } catch (err) {
    throw new IssuedCertificateInvalidError((err as Error).message, { cause: err });
  }
}
