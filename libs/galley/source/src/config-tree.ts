import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describeError } from '@tsmesh/shared-errors';
import type { ConfigProblem } from './parse';

const CONFIG_FILE = /\.(ya?ml|json)$/i;

export interface ConfigTree {
  /** Config files found, sorted; symlinks to files are followed. */
  readonly files: string[];
  /** Every directory read on the walk (the root first): what a watcher has to watch. */
  readonly dirs: string[];
  /** Directories or links that could not be read: reported, never fatal to the rest of the tree. */
  readonly problems: ConfigProblem[];
}

/**
 * Walks a config directory. Symlinked directories are followed once (a link back to a directory
 * already on the walk is a loop and is reported), and an unreadable directory only costs its
 * own subtree.
 */
export async function walkConfigTree(root: string): Promise<ConfigTree> {
  const tree: ConfigTree = { files: [], dirs: [], problems: [] };
  const problem = (path: string, reason: string) => tree.problems.push({ file: relative(process.cwd(), path) || path, line: 0, field: '', reason });
  const visit = async (dir: string, ancestors: ReadonlySet<string>): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      problem(dir, `cannot read directory: ${describeError(err)}`);
      return;
    }
    tree.dirs.push(dir);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        await visit(path, new Set([...ancestors, await realpath(path).catch(() => path)]));
      } else if (entry.isFile()) {
        if (CONFIG_FILE.test(entry.name)) tree.files.push(path);
      } else if (entry.isSymbolicLink()) {
        await followLink(path, entry.name, ancestors, visit, tree, problem);
      }
    }
  };
  await visit(root, new Set([await realpath(root).catch(() => root)]));
  tree.files.sort();
  return tree;
}

async function followLink(
  path: string,
  name: string,
  ancestors: ReadonlySet<string>,
  visit: (dir: string, ancestors: ReadonlySet<string>) => Promise<void>,
  tree: ConfigTree,
  problem: (path: string, reason: string) => void,
): Promise<void> {
  try {
    const target = await realpath(path);
    const info = await stat(target);
    if (info.isDirectory()) {
      if (ancestors.has(target)) problem(path, `symlink loop: ${path} points back to ${target}`);
      else await visit(path, new Set([...ancestors, target]));
    } else if (info.isFile() && CONFIG_FILE.test(name)) {
      tree.files.push(path);
    }
  } catch (err) {
    problem(path, `broken symlink: ${describeError(err)}`);
  }
}
