import { ConfigError } from '@tsmesh/shared-errors';
import {
  canSignCertificates,
  certificateToPem,
  type CryptoKey,
  publicKeySpki,
  verifyCertificateChain,
  x509,
} from '@tsmesh/shared-certificates';

/** Istio's KeyCertBundle: what the CA signs with and what it hands out as trust material. */
export interface CaKeyCertBundle {
  readonly signingCertificate: x509.X509Certificate;
  readonly signingKey: CryptoKey;
  /** PEMs between the leaf and the root (signing cert first); empty when the signing cert is the root. */
  readonly intermediatePems: readonly string[];
  readonly rootPem: string;
  readonly mode: 'self-signed' | 'plugged-in';
}

export interface BundleParts {
  readonly signingCertificate: x509.X509Certificate;
  readonly signingKey: { privateKey: CryptoKey; publicKey: CryptoKey };
  /** Certificates from the signing cert up to (optionally including) the root. */
  readonly chain: readonly x509.X509Certificate[];
  readonly root: x509.X509Certificate;
  readonly mode: CaKeyCertBundle['mode'];
}

/**
 * Checks that the parts make a working CA (the key matches the cert, the cert may sign, and it
 * chains to the root today) and assembles the bundle. Failures are ConfigErrors: they come from
 * the files an operator supplied.
 */
export async function assembleBundle(parts: BundleParts, source: string): Promise<CaKeyCertBundle> {
  const { signingCertificate, root } = parts;
  const certKey = await publicKeySpki(signingCertificate.publicKey);
  if (!certKey.equals(await publicKeySpki(parts.signingKey.publicKey))) {
    throw new ConfigError('the signing key does not match the signing certificate', { source });
  }
  if (!canSignCertificates(signingCertificate)) {
    throw new ConfigError('the signing certificate is not a CA (BasicConstraints CA:TRUE with keyCertSign)', { source });
  }
  const rootPem = certificateToPem(root);
  const intermediates = dedupe([signingCertificate, ...parts.chain]).filter((cert) => certificateToPem(cert) !== rootPem);
  try {
    await verifyCertificateChain({ leaf: signingCertificate, intermediates, roots: [root] });
  } catch (err) {
    throw new ConfigError(`the signing certificate does not chain to the root: ${(err as Error).message}`, { source, cause: err });
  }
  return {
    signingCertificate,
    signingKey: parts.signingKey.privateKey,
    intermediatePems: intermediates.map(certificateToPem),
    rootPem,
    mode: parts.mode,
  };
}

function dedupe(certs: x509.X509Certificate[]): x509.X509Certificate[] {
  const seen = new Set<string>();
  return certs.filter((cert) => {
    const pem = certificateToPem(cert);
    if (seen.has(pem)) return false;
    seen.add(pem);
    return true;
  });
}
