import { parseCertificatePem } from './pem';
import { readSubjectAltNames, type SubjectAltNames } from './subject-alt-names';
import { x509 } from './x509';

/** The facts about a certificate the mesh cares about. */
export interface CertificateSummary extends SubjectAltNames {
  readonly subject: string;
  readonly issuer: string;
  readonly serialNumber: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly isCa: boolean;
}

export function summarizeCertificate(certificate: x509.X509Certificate | string): CertificateSummary {
  const cert = typeof certificate === 'string' ? parseCertificatePem(certificate) : certificate;
  return {
    subject: cert.subject,
    issuer: cert.issuer,
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    isCa: isCaCertificate(cert),
    ...readSubjectAltNames(cert.extensions),
  };
}

export function isCaCertificate(cert: x509.X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}

/** May this certificate sign others? (CA flag, and keyCertSign when KeyUsage is present.) */
export function canSignCertificates(cert: x509.X509Certificate): boolean {
  const keyUsage = cert.getExtension(x509.KeyUsagesExtension);
  const keyCertSign = keyUsage === null || (keyUsage.usages & x509.KeyUsageFlags.keyCertSign) !== 0;
  return isCaCertificate(cert) && keyCertSign;
}
