import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Test-only helper (not exported from the lib): runs the real openssl CLI on PEM inputs so
// specs check interoperability, not just our own parser.
const run = promisify(execFile);

export async function openssl(args: string[], files: Record<string, string> = {}): Promise<{ ok: boolean; output: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'tsmesh-openssl-'));
  try {
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
    const resolved = args.map((arg) => (arg in files ? join(dir, arg) : arg));
    try {
      const { stdout, stderr } = await run('openssl', resolved);
      return { ok: true, output: stdout + stderr };
    } catch (err) {
      const failure = err as { stdout?: string; stderr?: string };
      return { ok: false, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
