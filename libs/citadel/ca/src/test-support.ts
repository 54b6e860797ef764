import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';

// Test-only helpers (not exported from the lib).

export const silentLog = pino({ level: 'silent' });

const run = promisify(execFile);

/** Runs the real openssl CLI in `cwd`; resolves with its output, or rejects with stderr. */
export async function openssl(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('openssl', args, { cwd });
    return stdout + stderr;
  } catch (err) {
    const failure = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`openssl ${args.join(' ')} failed: ${failure.stderr ?? ''}${failure.stdout ?? ''}${failure.message}`);
  }
}

/** A temp dir per spec, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `tsmesh-${prefix}-`));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}
