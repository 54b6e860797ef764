import { ConfigError } from '@tsmesh/shared-errors';
import { importKeyPairPem, parseCertificateBundle, parseCertificatePem } from '@tsmesh/shared-certificates';
import { assembleBundle, type CaKeyCertBundle } from './ca-bundle';
import { readConfiguredFile } from './ca-files';

/** Istio 1.2's plugged-in CA flags (helm mounts the `cacerts` secret at /etc/cacerts). */
export interface PluggedInCaFiles {
  /** `--signing-cert` (ca-cert.pem): the CA certificate Citadel signs with. */
  readonly signingCertFile: string;
  /** `--signing-key` (ca-key.pem). */
  readonly signingKeyFile: string;
  /** `--root-cert` (root-cert.pem): the trust anchor handed to workloads. */
  readonly rootCertFile: string;
  /** `--cert-chain` (cert-chain.pem): signing cert up to the root; optional when the signing cert is issued by the root. */
  readonly certChainFile?: string;
}

/** Loads and validates an operator-supplied CA. */
export async function loadPluggedInCa(files: PluggedInCaFiles): Promise<CaKeyCertBundle> {
  const [certText, keyText, rootText, chainText] = await Promise.all([
    readConfiguredFile(files.signingCertFile, '--signing-cert'),
    readConfiguredFile(files.signingKeyFile, '--signing-key'),
    readConfiguredFile(files.rootCertFile, '--root-cert'),
    files.certChainFile ? readConfiguredFile(files.certChainFile, '--cert-chain') : Promise.resolve(undefined),
  ]);
  return assembleBundle(
    {
      signingCertificate: parse(() => parseCertificatePem(certText, 'signing cert'), '--signing-cert'),
      signingKey: parse(() => importKeyPairPem(keyText, 'signing key'), '--signing-key'),
      chain: chainText === undefined ? [] : parse(() => parseCertificateBundle(chainText, 'cert chain'), '--cert-chain'),
      root: parse(() => parseCertificatePem(rootText, 'root cert'), '--root-cert'),
      mode: 'plugged-in',
    },
    files.signingCertFile,
  );
}

function parse<T>(read: () => T, flag: string): T {
  try {
    return read();
  } catch (err) {
    throw new ConfigError((err as Error).message, { field: flag, cause: err });
  }
}
