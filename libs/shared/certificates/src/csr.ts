import { CertificateFormatError } from './errors';
import { signingAlgorithmFor } from './key-pair';
import { splitPemBlocks } from './pem';
import { readSubjectAltNames, subjectAltNameExtension, type SubjectAltNames } from './subject-alt-names';
import { type CryptoKeyPair, x509 } from './x509';

export interface CsrOptions {
  readonly keys: CryptoKeyPair;
  /** URI SANs, e.g. the workload's SPIFFE ID. */
  readonly uris?: readonly string[];
  readonly dnsNames?: readonly string[];
  /** Subject DN; Istio workloads leave it empty and rely on the SAN. */
  readonly subject?: string;
}

/** Builds and signs a PKCS#10 CSR; returns PEM. */
export async function createCsr(options: CsrOptions): Promise<string> {
  const names = { uris: options.uris ?? [], dnsNames: options.dnsNames ?? [] };
  const request = await x509.Pkcs10CertificateRequestGenerator.create({
    name: options.subject ?? '',
    keys: options.keys,
    signingAlgorithm: signingAlgorithmFor(options.keys.privateKey),
    extensions: names.uris.length + names.dnsNames.length > 0 ? [subjectAltNameExtension(names, false)] : [],
  });
  return `${request.toString('pem').trim()}\n`;
}

/** A CSR whose self-signature has been checked. */
export interface VerifiedCsr extends SubjectAltNames {
  readonly request: x509.Pkcs10CertificateRequest;
  readonly publicKey: x509.PublicKey;
  /** Subject DN as text, '' when empty. */
  readonly subject: string;
}

/** Parses a PEM CSR and verifies its signature (proof the requester holds the private key). */
export async function parseAndVerifyCsr(pem: string): Promise<VerifiedCsr> {
  const blocks = [...splitPemBlocks(pem, 'CERTIFICATE REQUEST'), ...splitPemBlocks(pem, 'NEW CERTIFICATE REQUEST')];
  if (blocks.length !== 1) {
    throw new CertificateFormatError(`CSR: expected one PEM CERTIFICATE REQUEST block, found ${blocks.length}`);
  }
  let request: x509.Pkcs10CertificateRequest;
  let names: SubjectAltNames;
  try {
    request = new x509.Pkcs10CertificateRequest(blocks[0] as string);
    names = readSubjectAltNames(request.extensions);
  } catch (err) {
    throw new CertificateFormatError(`CSR: malformed DER (${(err as Error).message})`, { cause: err });
  }
  let valid: boolean;
  try {
    valid = await request.verify();
  } catch (err) {
    throw new CertificateFormatError(`CSR: unsupported key or signature algorithm (${(err as Error).message})`, { cause: err });
  }
  if (!valid) throw new CertificateFormatError('CSR: signature does not verify with its own public key');
  return { request, publicKey: request.publicKey, subject: request.subject, ...names };
}
