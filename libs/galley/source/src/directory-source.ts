import { stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { ConfigError, describeError } from '@tsmesh/shared-errors';
import type { Logger } from 'pino';
import { type ConfigProblem, formatProblem, isError, parseConfigText, type ParsedResource } from './parse';
import { walkConfigTree } from './config-tree';
import { locateFields } from './locate-fields';
import { DEFAULT_MAX_FILE_BYTES, readConfigFile } from './read-config-file';
import { buildSnapshot, type Snapshot } from './snapshot';
import { TreeWatcher } from './tree-watcher';

export interface DirectorySourceOptions {
  readonly dir: string;
  /** Quiet period after the last change before a new snapshot is built. */
  readonly debounceMs: number;
  readonly log: Logger;
  readonly onSnapshot: (snapshot: Snapshot, problems: readonly ConfigProblem[]) => void;
  /** Files over this size are refused (default 8 MiB). */
  readonly maxFileBytes?: number;
  /**
   * A rescan also runs this often (default 5 s), whatever the watchers say (a safety net for
   * file systems without change events, e.g. some network mounts). A rescan that finds no
   * changed mtime or size costs only the stats.
   */
  readonly resyncMs?: number;
  /**
   * Validates each parsed resource; an error keeps the whole file out (its last good version
   * stays). `peers` is the configuration it would join: this scan's new version of each changed
   * file (its last good version if it no longer parses) and the last good version of the others.
   */
  readonly validate?: (resource: ParsedResource, peers: readonly ParsedResource[]) => readonly ConfigProblem[];
}

/**
 * Kinds other resources are validated against (instances and rules type-check against the
 * attribute vocabulary the attributemanifests declare): a change to one re-validates every file.
 */
const VALIDATION_INPUT_KINDS: ReadonlySet<string> = new Set(['attributemanifest']);
const touchesValidationInputs = (resources: readonly ParsedResource[] | undefined): boolean =>
  resources?.some((r) => VALIDATION_INPUT_KINDS.has(r.kind)) ?? false;

/** A file read and parsed in this scan, not yet validated. */
interface FileRead {
  readonly file: string;
  readonly stamp: string;
  readonly text: string | undefined;
  readonly parsed: { resources: ParsedResource[]; problems: ConfigProblem[] };
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
  #watcher: TreeWatcher | undefined;
  #timer: NodeJS.Timeout | undefined;
  #resync: NodeJS.Timeout | undefined;
  #problems: readonly ConfigProblem[] = [];
  #scanning: Promise<void> = Promise.resolve();

  constructor(options: DirectorySourceOptions) {
    this.#options = options;
  }

  async start(): Promise<void> {
    const { dir } = this.#options;
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory()) throw new ConfigError(`config directory ${dir} does not exist`, { field: '--config-dir' });
    this.#watcher = new TreeWatcher(() => this.#schedule(), this.#options.log);
    await this.#rescan();
    this.#resync = setInterval(() => this.#schedule(), this.#options.resyncMs ?? 5000).unref();
  }

  stop(): void {
    this.#watcher?.close();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#resync) clearInterval(this.#resync);
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
    this.#watcher?.sync(tree.dirs);
    let inputsChanged = false;
    for (const [file, state] of [...this.#files]) {
      if (tree.files.includes(file)) continue;
      inputsChanged ||= touchesValidationInputs(state.lastGood);
      this.#files.delete(file);
    }
    const reads = new Map<string, FileRead>();
    for (const file of tree.files) {
      const read = await this.#readIfChanged(file, false);
      if (read) reads.set(file, read);
    }
    inputsChanged ||= [...reads.values()].some((r) => touchesValidationInputs(r.parsed.resources) || touchesValidationInputs(this.#files.get(r.file)?.lastGood));
    if (inputsChanged && this.#options.validate) {
      for (const file of tree.files) {
        const read = reads.has(file) ? undefined : await this.#readIfChanged(file, true);
        if (read) reads.set(file, read);
      }
    }
    const peers = tree.files.flatMap((file) => {
      const read = reads.get(file);
      const lastGood = this.#files.get(file)?.lastGood ?? [];
      return read && !read.parsed.problems.some(isError) ? read.parsed.resources : lastGood;
    });
    for (const read of reads.values()) this.#apply(read, peers);
    const built = buildSnapshot(new Map([...this.#files].map(([f, s]) => [f, s.lastGood])));
    this.#problems = [...tree.problems, ...[...this.#files.values()].flatMap((s) => s.problems), ...built.problems];
    for (const p of this.#problems) log.warn({ problem: formatProblem(p) }, 'config problem');
    this.#options.onSnapshot(built.snapshot, this.#problems);
  }

  /** Reads and parses a file whose size or mtime changed since the last scan (any file when `force`). */
  async #readIfChanged(file: string, force: boolean): Promise<FileRead | undefined> {
    const info = await stat(file).catch(() => undefined);
    const stamp = info ? `${info.mtimeMs}:${info.size}` : 'missing';
    if (!force && this.#files.get(file)?.stamp === stamp) return undefined;
    const display = relative(process.cwd(), file) || file;
    const read = await readConfigFile(file, this.#options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    if (!('text' in read)) return { file, stamp, text: undefined, parsed: { resources: [], problems: [{ file: display, line: 0, field: '', reason: read.reason }] } };
    return { file, stamp, text: read.text, parsed: parseConfigText(display, read.text) };
  }

  #apply(read: FileRead, peers: readonly ParsedResource[]): void {
    const { parsed, text } = read;
    const validate = this.#options.validate;
    const found = validate ? [...parsed.problems, ...parsed.resources.flatMap((r) => validate(r, peers))] : parsed.problems;
    const problems = found.length > 0 && text !== undefined ? locateFields(text, found) : found;
    const previous = this.#files.get(read.file);
    this.#files.set(read.file, {
      lastGood: problems.some(isError) ? (previous?.lastGood ?? []) : parsed.resources,
      problems,
      stamp: read.stamp,
    });
  }
}
