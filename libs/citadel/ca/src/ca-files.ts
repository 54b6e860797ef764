import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@tsmesh/shared-errors';
import { PUBLIC_FILE_MODE, writeFileAtomic } from '@tsmesh/shared-certificates';

// File names inside --root-dir. The first two mirror the data keys of Istio's `istio-ca-secret`;
// root-cert.pem is what workloads (pilot-agent) read to trust Citadel, like the istio-ca-root-cert.
export const CA_CERT_FILE = 'ca-cert.pem';
export const CA_KEY_FILE = 'ca-key.pem';
export const ROOT_CERT_FILE = 'root-cert.pem';

/** Reads an operator-supplied file; a missing or unreadable file is a ConfigError naming the flag. */
export async function readConfiguredFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, {
      field: flag,
      cause: err,
    });
  }
}

/** Returns the file's text, or undefined when it does not exist. */
export async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Publishes the root workloads must trust as `<rootDir>/root-cert.pem`. */
export async function publishRootCert(rootDir: string, rootPem: string): Promise<string> {
  const path = join(rootDir, ROOT_CERT_FILE);
  // In plugged-in mode nothing else creates the directory.
  await mkdir(rootDir, { recursive: true, mode: 0o755 });
  await writeFileAtomic(path, rootPem, PUBLIC_FILE_MODE);
  return path;
}
