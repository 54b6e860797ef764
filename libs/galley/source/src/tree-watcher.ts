import { type FSWatcher, watch } from 'node:fs';
import { describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';

/**
 * One non-recursive fs.watch per directory of the config tree. Node's recursive watch on Linux
 * stops reporting a file (and even its directory) once an editor saves it by writing a temp
 * file and renaming it over the original; a plain directory watch (inotify on the directory)
 * reports every create, rename and write of its entries. `sync` follows the tree as it changes.
 */
export class TreeWatcher {
  readonly #watchers = new Map<string, FSWatcher>();

  constructor(
    private readonly onChange: () => void,
    private readonly log: Logger,
  ) {}

  /** Watches exactly `dirs`: new directories get a watcher, vanished ones lose theirs. */
  sync(dirs: readonly string[]): void {
    const wanted = new Set(dirs);
    for (const [dir, watcher] of this.#watchers) {
      if (wanted.has(dir)) continue;
      watcher.close();
      this.#watchers.delete(dir);
    }
    for (const dir of wanted) {
      if (this.#watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, () => this.onChange());
        // A watched directory that goes away errors on some platforms: the next scan drops it.
        watcher.on('error', (err) => {
          this.log.debug({ dir, reason: describeError(err) }, 'config watch error');
          this.#watchers.get(dir)?.close();
          this.#watchers.delete(dir);
          this.onChange();
        });
        this.#watchers.set(dir, watcher);
      } catch (err) {
        // Unreadable or just removed: the walk reports what matters; the periodic rescan covers it.
        this.log.debug({ dir, reason: describeError(err) }, 'cannot watch config directory');
      }
    }
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
  }
}
