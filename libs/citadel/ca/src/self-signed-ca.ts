import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { ConfigError } from '@tsmesh/shared-errors';
import {
  createSelfSignedCa,
  DEFAULT_ROOT_TTL_MS,
  importKeyPairPem,
  isExpired,
  type KeyAlgorithm,
  parseCertificatePem,
  PRIVATE_FILE_MODE,
  PUBLIC_FILE_MODE,
  writeFileAtomic,
} from '@tsmesh/shared-certificates';
import { assembleBundle, type CaKeyCertBundle } from './ca-bundle';
import { CA_CERT_FILE, CA_KEY_FILE, readIfExists } from './ca-files';

export interface SelfSignedCaOptions {
  readonly rootDir: string;
  /** Becomes the root's O= (Istio's `--self-signed-ca-org` follows the trust domain). */
  readonly trustDomain: string;
  readonly ttlMs?: number;
  readonly keyAlgorithm?: KeyAlgorithm;
  readonly log: Logger;
}

/**
 * Loads the self-signed root from `rootDir` or creates it there: the on-disk equivalent of
 * Istio's `istio-ca-secret`, so a restarted Citadel keeps the same root and existing workload
 * certificates stay valid.
 */
export async function loadOrCreateSelfSignedCa(options: SelfSignedCaOptions): Promise<CaKeyCertBundle> {
  const certPath = join(options.rootDir, CA_CERT_FILE);
  const keyPath = join(options.rootDir, CA_KEY_FILE);
  await mkdir(options.rootDir, { recursive: true, mode: 0o755 });
  const [certPem, keyPem] = await Promise.all([readIfExists(certPath), readIfExists(keyPath)]);
  if (certPem !== undefined && keyPem !== undefined) {
    const bundle = await loadExisting(certPem, keyPem, options.rootDir);
    options.log.info({ rootDir: options.rootDir, notAfter: bundle.signingCertificate.notAfter }, 'loaded self-signed root CA');
    return bundle;
  }
  if (certPem !== undefined || keyPem !== undefined) {
    const present = certPem !== undefined ? CA_CERT_FILE : CA_KEY_FILE;
    throw new ConfigError(`found ${present} without its pair; restore both files or remove it to create a new root`, {
      field: '--root-dir',
      source: options.rootDir,
    });
  }
  const created = await createSelfSignedCa({
    organization: options.trustDomain,
    ttlMs: options.ttlMs ?? DEFAULT_ROOT_TTL_MS,
    ...(options.keyAlgorithm ? { keyAlgorithm: options.keyAlgorithm } : {}),
  });
  // Key first: a cert on disk without its key would block the next start.
  await writeFileAtomic(keyPath, created.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(certPath, created.certPem, PUBLIC_FILE_MODE);
  options.log.info({ rootDir: options.rootDir, notAfter: created.certificate.notAfter }, 'created self-signed root CA');
  return loadExisting(created.certPem, created.keyPem, options.rootDir);
}

async function loadExisting(certPem: string, keyPem: string, rootDir: string): Promise<CaKeyCertBundle> {
  const source = rootDir;
  const certificate = wrapConfig(() => parseCertificatePem(certPem, CA_CERT_FILE), source);
  const signingKey = wrapConfig(() => importKeyPairPem(keyPem, CA_KEY_FILE), source);
  if (isExpired(certificate)) {
    throw new ConfigError(`${CA_CERT_FILE} expired at ${certificate.notAfter.toISOString()}; remove both files to create a new root`, {
      field: '--root-dir',
      source,
    });
  }
  return assembleBundle({ signingCertificate: certificate, signingKey, chain: [], root: certificate, mode: 'self-signed' }, source);
}

function wrapConfig<T>(read: () => T, source: string): T {
  try {
    return read();
  } catch (err) {
    throw new ConfigError((err as Error).message, { field: '--root-dir', source, cause: err });
  }
}
