import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { cleanup, makeTempDir } from './temp-dir';

describe('makeTempDir', () => {
  it('creates distinct directories with the prefix and cleanup removes them with their contents', async () => {
    const first = await makeTempDir('citadel-');
    const second = await makeTempDir('citadel-');
    expect(first).not.toBe(second);
    expect(basename(first)).toMatch(/^citadel-/);
    await writeFile(join(first, 'key.pem'), 'secret');
    expect(existsSync(first)).toBe(true);
    await cleanup();
    expect(existsSync(first)).toBe(false);
    expect(existsSync(second)).toBe(false);
  });
});
