import { randomBytes } from 'node:crypto';
import { chmod, rename, rm, writeFile } from 'node:fs/promises';

/** Owner read/write only: private keys. */
export const PRIVATE_FILE_MODE = 0o600;
/** World-readable: certificates and roots. */
export const PUBLIC_FILE_MODE = 0o644;

/**
 * Writes a file so readers (Envoy, a restarting process) never see a half-written key or cert:
 * write a sibling temp file with the final mode, then rename over the target. The explicit chmod
 * makes the mode exact whatever the process umask is.
 */
export async function writeFileAtomic(path: string, data: string, mode: number): Promise<void> {
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, data, { mode, flag: 'wx' });
    await chmod(temp, mode);
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
