import { authorityKeyIdentifier, type CertificateIssuer } from './issue-leaf';
import { generateKeyPair, type KeyAlgorithm, signingAlgorithmFor } from './key-pair';
import { certificateToPem, privateKeyToPem } from './pem';
import { type CaMaterial, DAY_MS, wholeSeconds } from './root-ca';
import { randomSerialNumber } from './serial-number';
import { x509 } from './x509';

export interface IntermediateCaOptions {
  readonly issuer: CertificateIssuer;
  readonly organization: string;
  readonly commonName?: string;
  /** Default one year, never past the issuer's own expiry. */
  readonly ttlMs?: number;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly now?: Date;
}

/**
 * Issues a subordinate CA (what an operator plugs into Citadel with `--signing-cert`/`--signing-key`,
 * or what Istio's `--sign-ca-certs` hands out). pathLen 0: it may sign workloads, not more CAs.
 */
export async function createIntermediateCa(options: IntermediateCaOptions): Promise<CaMaterial> {
  const keys = await generateKeyPair(options.keyAlgorithm);
  const notBefore = wholeSeconds(options.now ?? new Date());
  const notAfter = Math.min(notBefore.getTime() + (options.ttlMs ?? 365 * DAY_MS), options.issuer.certificate.notAfter.getTime());
  const subject: x509.JsonName = [{ O: [options.organization] }];
  if (options.commonName) subject.push({ CN: [options.commonName] });
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject,
    issuer: options.issuer.certificate.subjectName,
    notBefore,
    notAfter: new Date(notAfter),
    publicKey: keys.publicKey,
    signingKey: options.issuer.privateKey,
    signingAlgorithm: signingAlgorithmFor(options.issuer.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await authorityKeyIdentifier(options.issuer.certificate),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, privateKey: keys.privateKey, certPem: certificateToPem(certificate), keyPem: privateKeyToPem(keys.privateKey) };
}
