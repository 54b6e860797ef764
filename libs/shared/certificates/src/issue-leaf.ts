import { signingAlgorithmFor } from './key-pair';
import { randomSerialNumber } from './serial-number';
import { wholeSeconds } from './root-ca';
import { subjectAltNameExtension, type SubjectAltNames } from './subject-alt-names';
import { type CryptoKey, x509 } from './x509';

/** The CA certificate and key that sign. */
export interface CertificateIssuer {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
}

export interface LeafRequest extends SubjectAltNames {
  readonly publicKey: x509.PublicKey | CryptoKey;
  /** Subject DN text; '' (Istio's workload certs) makes the SAN extension critical. */
  readonly subject?: string;
}

export interface IssueOptions {
  readonly issuer: CertificateIssuer;
  readonly ttlMs: number;
  readonly now?: Date;
}

/**
 * Signs a workload (leaf) certificate: SANs copied from the request, EKU serverAuth+clientAuth
 * (the same cert serves both ends of mTLS), KeyUsage digitalSignature|keyEncipherment, AKI/SKI,
 * random serial. notAfter never outlives the issuer, so the chain stays valid end to end.
 */
export async function issueLeafCertificate(request: LeafRequest, options: IssueOptions): Promise<x509.X509Certificate> {
  const { issuer } = options;
  const notBefore = wholeSeconds(options.now ?? new Date());
  const requestedEnd = notBefore.getTime() + options.ttlMs;
  const notAfter = new Date(Math.min(requestedEnd, issuer.certificate.notAfter.getTime()));
  const subject = request.subject ?? '';
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject,
    issuer: issuer.certificate.subjectName,
    notBefore,
    notAfter,
    publicKey: request.publicKey,
    signingKey: issuer.privateKey,
    signingAlgorithm: signingAlgorithmFor(issuer.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
      await authorityKeyIdentifier(issuer.certificate),
      await x509.SubjectKeyIdentifierExtension.create(request.publicKey),
      subjectAltNameExtension(request, subject === ''),
    ],
  });
}

/** Reuses the issuer's own SKI so path builders match AKI to SKI byte for byte. */
export async function authorityKeyIdentifier(issuer: x509.X509Certificate): Promise<x509.AuthorityKeyIdentifierExtension> {
  const ski = issuer.getExtension(x509.SubjectKeyIdentifierExtension);
  if (ski) return new x509.AuthorityKeyIdentifierExtension(ski.keyId);
  return x509.AuthorityKeyIdentifierExtension.create(issuer.publicKey);
}
