import { ChainVerificationError } from './errors';
import { canSignCertificates } from './inspect';
import { parseCertificatePem } from './pem';
import { x509 } from './x509';

type CertificateInput = x509.X509Certificate | string;

export interface ChainVerificationInput {
  readonly leaf: CertificateInput;
  /** Untrusted certificates that may complete the path (what a peer sends after its leaf). */
  readonly intermediates?: readonly CertificateInput[];
  /** Trust anchors. */
  readonly roots: readonly CertificateInput[];
  readonly now?: Date;
}

const MAX_PATH_LENGTH = 8;

/**
 * Builds and verifies a path leaf -> ... -> trusted root: every signature, every validity window,
 * and the CA bit of every issuer. Returns the path (leaf first, root last). Throws
 * {@link ChainVerificationError} with the first reason the path fails.
 */
export async function verifyCertificateChain(input: ChainVerificationInput): Promise<x509.X509Certificate[]> {
  const now = input.now ?? new Date();
  const roots = input.roots.map((cert) => toCertificate(cert, 'root'));
  const intermediates = (input.intermediates ?? []).map((cert) => toCertificate(cert, 'intermediate'));
  const path = [toCertificate(input.leaf, 'leaf')];
  for (;;) {
    const current = path[path.length - 1] as x509.X509Certificate;
    checkValidity(current, now);
    if (roots.some((root) => sameCertificate(root, current))) return path;
    if (path.length > MAX_PATH_LENGTH) throw new ChainVerificationError(`path longer than ${MAX_PATH_LENGTH} certificates`);
    const issuer = await findIssuer(current, [...intermediates, ...roots]);
    if (!issuer) {
      throw new ChainVerificationError(`no trusted issuer found for "${describe(current)}" (issuer "${current.issuer}")`);
    }
    path.push(issuer);
  }
}

async function findIssuer(cert: x509.X509Certificate, candidates: x509.X509Certificate[]): Promise<x509.X509Certificate | undefined> {
  for (const candidate of candidates) {
    if (candidate.subject !== cert.issuer || sameCertificate(candidate, cert)) continue;
    if (!canSignCertificates(candidate)) continue;
    if (await cert.verify({ publicKey: candidate.publicKey, signatureOnly: true }).catch(() => false)) return candidate;
  }
  return undefined;
}

function checkValidity(cert: x509.X509Certificate, now: Date): void {
  if (now < cert.notBefore) throw new ChainVerificationError(`"${describe(cert)}" is not valid before ${cert.notBefore.toISOString()}`);
  if (now > cert.notAfter) throw new ChainVerificationError(`"${describe(cert)}" expired at ${cert.notAfter.toISOString()}`);
}

function toCertificate(cert: CertificateInput, what: string): x509.X509Certificate {
  return typeof cert === 'string' ? parseCertificatePem(cert, what) : cert;
}

function sameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return Buffer.from(a.rawData).equals(Buffer.from(b.rawData));
}

function describe(cert: x509.X509Certificate): string {
  return cert.subject === '' ? `serial ${cert.serialNumber}` : cert.subject;
}
