import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created = new Set<string>();
let exitHookInstalled = false;

/** A fresh directory under the OS temp dir, removed by {@link cleanup} (or at process exit). */
export async function makeTempDir(prefix = 'tsmesh-'): Promise<string> {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort for a test that forgot afterAll(cleanup); 'exit' handlers must be synchronous.
    process.once('exit', () => {
      for (const dir of created) rmSync(dir, { recursive: true, force: true });
    });
  }
  const dir = await mkdtemp(join(tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Removes every directory made by {@link makeTempDir} so far. */
export async function cleanup(): Promise<void> {
  const dirs = [...created];
  created.clear();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}
