import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PRIVATE_FILE_MODE, PUBLIC_FILE_MODE, writeFileAtomic } from '@tsmesh/shared-certificates';
import type { IdentityMaterial } from './identity-material';

// The file names of Istio 1.2's `istio.<sa>` secret, mounted at /etc/certs in every sidecar.
export const CERT_CHAIN_FILE = 'cert-chain.pem';
export const KEY_FILE = 'key.pem';
export const ROOT_CERT_FILE = 'root-cert.pem';

export interface IdentityFiles {
  readonly certChainPem: string;
  readonly keyPem: string;
  readonly rootPem: string;
}

/**
 * Writes the identity into `certsDir`. Each file is replaced atomically; the key goes first so a
 * reader that sees the new chain finds its key already in place.
 */
export async function writeIdentityFiles(certsDir: string, material: IdentityMaterial): Promise<void> {
  await mkdir(certsDir, { recursive: true, mode: 0o755 });
  await writeFileAtomic(join(certsDir, KEY_FILE), material.keyPem, PRIVATE_FILE_MODE);
  await writeFileAtomic(join(certsDir, CERT_CHAIN_FILE), material.certChainPem, PUBLIC_FILE_MODE);
  await writeFileAtomic(join(certsDir, ROOT_CERT_FILE), material.rootPem, PUBLIC_FILE_MODE);
}

/** Reads a previously written identity; undefined when any file is missing. */
export async function readIdentityFiles(certsDir: string): Promise<IdentityFiles | undefined> {
  try {
    const [certChainPem, keyPem, rootPem] = await Promise.all(
      [CERT_CHAIN_FILE, KEY_FILE, ROOT_CERT_FILE].map((name) => readFile(join(certsDir, name), 'utf8')),
    );
    return { certChainPem: certChainPem as string, keyPem: keyPem as string, rootPem: rootPem as string };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
