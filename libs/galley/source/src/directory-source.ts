import { type FSWatcher, watch } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ConfigError, describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import { type ConfigProblem, formatProblem, parseConfigText, type ParsedResource } from './parse';
import { buildSnapshot, type Snapshot } from './snapshot';

const CONFIG_FILE = /\.(ya?ml|json)$/i;

export interface DirectorySourceOptions {
  readonly dir: string;
  /** Quiet period after the last change before a new snapshot is built. */
  readonly debounceMs: number;
  readonly log: Logger;
  readonly onSnapshot: (snapshot: Snapshot, problems: readonly ConfigProblem[]) => void;
}

interface FileState {
  /** The resources of the last version of this file that parsed without problems. */
  readonly lastGood: readonly ParsedResource[];
  readonly problems: readonly ConfigProblem[];
}

/**
 * Watches a directory tree of Kubernetes-style YAML. A file is applied whole or not at all:
 * when a file has problems its last good version stays in service and the problems are
 * reported; other files are never affected.
 */
export class DirectorySource {
  readonly #options: DirectorySourceOptions;
  readonly #files = new Map<string, FileState>();
  #watcher: FSWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #problems: readonly ConfigProblem[] = [];
  #scanning: Promise<void> = Promise.resolve();

  constructor(options: DirectorySourceOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { dir } = this.#options;
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new ConfigError(`config directory ${dir} does not exist`, { field: '--config-dir' });
    await this.#rescan();
    this.#watcher = watch(dir, { recursive: true }, () => this.#schedule());
    this.#watcher.on('error', (err) => this.#options.log.warn({ reason: describeError(err) }, 'config watch error'));
  }

  stop(): void {
    this.#watcher?.close();
    if (this.#timer) clearTimeout(this.#timer);
  }

  problems(): readonly ConfigProblem[] {
    return this.#problems;
  }

  #schedule(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#scanning = this.#scanning.then(() => this.#rescan()).catch((err) => {
        this.#options.log.error({ reason: describeError(err) }, 'config rescan failed; keeping the previous snapshot');
      });
    }, this.#options.debounceMs);
  }

  async #rescan(): Promise<void> {
    const { dir, log } = this.#options;
    const present = await listConfigFiles(dir);
    for (const file of [...this.#files.keys()]) if (!present.includes(file)) this.#files.delete(file);
    for (const file of present) {
      const display = relative(process.cwd(), file) || file;
      const text = await readFile(file, 'utf8').catch((err: unknown) => err as Error);
      const parsed =
        text instanceof Error
          ? { resources: [], ignored: [], problems: [{ file: display, line: 0, field: '', reason: describeError(text) }] }
          : parseConfigText(display, text);
      const previous = this.#files.get(file);
      this.#files.set(file, {
        lastGood: parsed.problems.length === 0 ? parsed.resources : (previous?.lastGood ?? []),
        problems: parsed.problems,
      });
    }
    const built = buildSnapshot(new Map([...this.#files].map(([f, s]) => [f, s.lastGood])));
    this.#problems = [...[...this.#files.values()].flatMap((s) => s.problems), ...built.problems];
    for (const p of this.#problems) log.warn({ problem: formatProblem(p) }, 'config problem');
    this.#options.onSnapshot(built.snapshot, this.#problems);
  }
}

async function listConfigFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && CONFIG_FILE.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
