import { type FSWatcher, watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { ConfigError, describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import { type ConfigProblem, formatProblem, isError, parseConfigText, type ParsedResource } from './parse';
import { walkConfigTree } from './config-tree';
import { locateFields } from './locate-fields';
import { DEFAULT_MAX_FILE_BYTES, readConfigFile } from './read-config-file';
import { buildSnapshot, type Snapshot } from './snapshot';

export interface DirectorySourceOptions {
  readonly dir: string;
  /** Quiet period after the last change before a new snapshot is built. */
  readonly debounceMs: number;
  readonly log: Logger;
  readonly onSnapshot: (snapshot: Snapshot, problems: readonly ConfigProblem[]) => void;
  /** Files over this size are refused (default 8 MiB). */
  readonly maxFileBytes?: number;
  /** Validates each parsed resource; an error keeps the whole file out (its last good version stays). */
  readonly validate?: (resource: ParsedResource) => readonly ConfigProblem[];
}

interface FileState {
  /** The resources of the last version of this file that parsed without problems. */
  readonly lastGood: readonly ParsedResource[];
  readonly problems: readonly ConfigProblem[];
  /** `mtime:size` when last read: an unchanged file is not read or parsed again. */
  readonly stamp: string;
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
    const tree = await walkConfigTree(dir);
    for (const file of [...this.#files.keys()]) if (!tree.files.includes(file)) this.#files.delete(file);
    for (const file of tree.files) await this.#refreshFile(file);
    const built = buildSnapshot(new Map([...this.#files].map(([f, s]) => [f, s.lastGood])));
    this.#problems = [...tree.problems, ...[...this.#files.values()].flatMap((s) => s.problems), ...built.problems];
    for (const p of this.#problems) log.warn({ problem: formatProblem(p) }, 'config problem');
    this.#options.onSnapshot(built.snapshot, this.#problems);
  }

  async #refreshFile(file: string): Promise<void> {
    const info = await stat(file).catch(() => undefined);
    const stamp = info ? `${info.mtimeMs}:${info.size}` : 'missing';
    const previous = this.#files.get(file);
    if (previous?.stamp === stamp) return;
    const display = relative(process.cwd(), file) || file;
    const read = await readConfigFile(file, this.#options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    const parsed = 'text' in read ? parseConfigText(display, read.text) : { resources: [], problems: [{ file: display, line: 0, field: '', reason: read.reason }] };
    const validate = this.#options.validate;
    const found = validate ? [...parsed.problems, ...parsed.resources.flatMap((r) => validate(r))] : parsed.problems;
    const problems = found.length > 0 && 'text' in read ? locateFields(read.text, found) : found;
    this.#files.set(file, {
      lastGood: problems.some(isError) ? (previous?.lastGood ?? []) : parsed.resources,
      problems,
      stamp,
    });
  }
}
