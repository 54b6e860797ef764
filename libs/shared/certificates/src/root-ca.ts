import { generateKeyPair, type KeyAlgorithm, signingAlgorithmFor } from './key-pair';
import { certificateToPem, privateKeyToPem } from './pem';
import { randomSerialNumber } from './serial-number';
import { type CryptoKey, x509 } from './x509';

export const DAY_MS = 24 * 60 * 60 * 1000;
/** Istio 1.2 `--self-signed-ca-cert-ttl` default: ten years. */
export const DEFAULT_ROOT_TTL_MS = 3650 * DAY_MS;

/** A CA's signing material, both parsed and as PEM ready for disk. */
export interface CaMaterial {
  readonly certificate: x509.X509Certificate;
  readonly privateKey: CryptoKey;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface SelfSignedCaOptions {
  /** Subject O=; Istio uses the trust domain (`--self-signed-ca-org`). */
  readonly organization: string;
  readonly commonName?: string;
  readonly ttlMs?: number;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly now?: Date;
}

/** Creates a self-signed root: BasicConstraints CA (critical), keyCertSign|cRLSign, SKI. */
export async function createSelfSignedCa(options: SelfSignedCaOptions): Promise<CaMaterial> {
  const keys = await generateKeyPair(options.keyAlgorithm);
  const notBefore = wholeSeconds(options.now ?? new Date());
  const name: x509.JsonName = [{ O: [options.organization] }];
  if (options.commonName) name.push({ CN: [options.commonName] });
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerialNumber(),
    name,
    notBefore,
    notAfter: new Date(notBefore.getTime() + (options.ttlMs ?? DEFAULT_ROOT_TTL_MS)),
    keys,
    signingAlgorithm: signingAlgorithmFor(keys.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return {
    certificate,
    privateKey: keys.privateKey,
    certPem: certificateToPem(certificate),
    keyPem: privateKeyToPem(keys.privateKey),
  };
}

/** X.509 times have one-second precision; rounding up front keeps computed lifetimes exact. */
export function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
