import type { Logger } from 'pino';
import { ConfigError } from '@tsmesh/shared-errors';
import type { KeyAlgorithm } from '@tsmesh/shared-certificates';
import { publishRootCert } from './ca-files';
import { CertificateAuthority } from './certificate-authority';
import { loadPluggedInCa, type PluggedInCaFiles } from './plugged-in-ca';
import { loadOrCreateSelfSignedCa } from './self-signed-ca';

export interface CaSourceOptions {
  /** Where the self-signed root lives and where root-cert.pem is published. */
  readonly rootDir: string;
  readonly trustDomain: string;
  /** `--self-signed-ca`; false means the plugged-in files below are required. */
  readonly selfSignedCa: boolean;
  readonly selfSignedRootTtlMs?: number;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly pluggedIn?: Partial<PluggedInCaFiles>;
  readonly workloadCertTtlMs: number;
  readonly maxWorkloadCertTtlMs: number;
  readonly log: Logger;
}

/** Loads (or creates) the CA's key material, publishes its root, and returns the signing CA. */
export async function loadCertificateAuthority(options: CaSourceOptions): Promise<CertificateAuthority> {
  if (options.workloadCertTtlMs > options.maxWorkloadCertTtlMs) {
    throw new ConfigError('must not exceed --max-workload-cert-ttl', { field: '--workload-cert-ttl' });
  }
  const bundle = options.selfSignedCa
    ? await selfSigned(options)
    : await loadPluggedInCa(requirePluggedInFiles(options.pluggedIn ?? {}));
  const rootCertFile = await publishRootCert(options.rootDir, bundle.rootPem);
  options.log.info({ mode: bundle.mode, rootCertFile, signingCertNotAfter: bundle.signingCertificate.notAfter }, 'CA ready');
  return new CertificateAuthority(bundle, {
    trustDomain: options.trustDomain,
    workloadCertTtlMs: options.workloadCertTtlMs,
    maxWorkloadCertTtlMs: options.maxWorkloadCertTtlMs,
  });
}

function selfSigned(options: CaSourceOptions) {
  const given = Object.entries(options.pluggedIn ?? {}).filter(([, value]) => value);
  if (given.length > 0) {
    throw new ConfigError('plugged-in CA files were given but --self-signed-ca is true; pass --self-signed-ca=false to use them', {
      field: '--self-signed-ca',
    });
  }
  return loadOrCreateSelfSignedCa({
    rootDir: options.rootDir,
    trustDomain: options.trustDomain,
    log: options.log,
    ...(options.selfSignedRootTtlMs ? { ttlMs: options.selfSignedRootTtlMs } : {}),
    ...(options.keyAlgorithm ? { keyAlgorithm: options.keyAlgorithm } : {}),
  });
}

function requirePluggedInFiles(files: Partial<PluggedInCaFiles>): PluggedInCaFiles {
  const required: Array<[keyof PluggedInCaFiles, string]> = [
    ['signingCertFile', '--signing-cert'],
    ['signingKeyFile', '--signing-key'],
    ['rootCertFile', '--root-cert'],
  ];
  for (const [key, flag] of required) {
    if (!files[key]) throw new ConfigError('is required when --self-signed-ca=false', { field: flag });
  }
  return files as PluggedInCaFiles;
}
