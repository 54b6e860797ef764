import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  authorityKeyIdentifier,
  certificateToPem,
  createSelfSignedCa,
  generateKeyPair,
  parseCertificatePem,
  PRIVATE_FILE_MODE,
  privateKeyToPem,
  PUBLIC_FILE_MODE,
  signingAlgorithmFor,
  writeFileAtomic,
  x509,
} from '@tsmesh/shared-certificates';

// Local development has no cluster CA to sign a webhook's serving certificate, so the webhook
// (injector, galley) makes its own: a dev CA plus a serving certificate for the names the API
// server (<service>.<namespace>.svc) and local callers (localhost, 127.0.0.1) use. Both are
// written to a directory so callers can trust ca.pem; a still-valid set is reused across
// restarts so that trust survives them.

/** Who the dev certificate is for: its CA's common name and the serving certificate's SANs. */
export interface DevCertificateNames {
  readonly commonName: string;
  readonly dnsNames: readonly string[];
  readonly ips: readonly string[];
}
const VALIDITY_MS = 365 * 24 * 3600 * 1000;
/** A set expiring sooner than this is replaced rather than reused. */
const MIN_REMAINING_MS = 24 * 3600 * 1000;

export interface DevCertificateFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
  readonly cert: string;
  readonly key: string;
  /** True when this call created the files; false when a valid set was reused. */
  readonly generated: boolean;
}

function filesIn(dir: string): Pick<DevCertificateFiles, 'caFile' | 'certFile' | 'keyFile'> {
  return { caFile: join(dir, 'ca.pem'), certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') };
}

async function reusable(dir: string, names: DevCertificateNames, now: Date): Promise<DevCertificateFiles | undefined> {
  const files = filesIn(dir);
  try {
    const [ca, cert, key] = await Promise.all([readFile(files.caFile, 'utf8'), readFile(files.certFile, 'utf8'), readFile(files.keyFile, 'utf8')]);
    const serving = parseCertificatePem(cert);
    const issuer = parseCertificatePem(ca);
    const sans = serving.getExtension(x509.SubjectAlternativeNameExtension)?.names.items.map((name) => name.value) ?? [];
    const coversAll = [...names.dnsNames, ...names.ips].every((name) => sans.includes(name));
    const fresh = serving.notAfter.getTime() - now.getTime() > MIN_REMAINING_MS && serving.notBefore <= now;
    const signed = await serving.verify({ publicKey: issuer.publicKey, signatureOnly: true });
    return coversAll && fresh && signed ? { ...files, cert, key, generated: false } : undefined;
  } catch {
    return undefined;
  }
}

async function generate(dir: string, names: DevCertificateNames, now: Date): Promise<DevCertificateFiles> {
  const ca = await createSelfSignedCa({ organization: 'tsmesh', commonName: names.commonName, now, ttlMs: VALIDITY_MS });
  const keys = await generateKeyPair('ecdsa-p256');
  const serving = await x509.X509CertificateGenerator.create({
    subject: `CN=${names.dnsNames[0] ?? 'localhost'}`,
    issuer: ca.certificate.subjectName,
    notBefore: new Date(Math.floor(now.getTime() / 1000) * 1000),
    notAfter: new Date(Math.min(now.getTime() + VALIDITY_MS, ca.certificate.notAfter.getTime())),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: signingAlgorithmFor(ca.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      await authorityKeyIdentifier(ca.certificate),
      new x509.SubjectAlternativeNameExtension([
        ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  const files = filesIn(dir);
  const cert = certificateToPem(serving);
  const key = privateKeyToPem(keys.privateKey);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(files.caFile, ca.certPem, PUBLIC_FILE_MODE);
  await writeFileAtomic(files.keyFile, key, PRIVATE_FILE_MODE);
  await writeFileAtomic(files.certFile, cert, PUBLIC_FILE_MODE);
  return { ...files, cert, key, generated: true };
}

/** Reuses a valid dev certificate set in `dir`, or creates one (ca.pem, cert.pem, key.pem). */
export async function ensureDevCertificates(dir: string, names: DevCertificateNames, now: Date = new Date()): Promise<DevCertificateFiles> {
  return (await reusable(dir, names, now)) ?? generate(dir, names, now);
}
