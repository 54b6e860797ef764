import { type KubeConfig, Watch } from '@kubernetes/client-node';
import type { ConfigProblem, ParsedResource } from '@tsmesh/galley-source';
import { describeError } from '@tsmesh/shared-errors';
import type { CollectionInfo } from '@tsmesh/shared-mcp';
import { Backoff, type BackoffOptions, runWithReconnect, type StopReconnect } from '@tsmesh/shared-runtime';
import type { Logger } from 'pino';
import { listObjects, statusCodeOf } from './kube-api';
import { collectionApiPath } from './kube-config';
import { ObjectStore, type ResourceValidator } from './object-store';
import { watchEvents, type WatchEnd } from './watch-stream';

export interface CollectionWatcherOptions {
  readonly kc: KubeConfig;
  readonly collection: CollectionInfo;
  readonly log: Logger;
  /** Each collection backs off on its own: one missing CRD must not slow the others down. */
  readonly backoff: BackoffOptions;
  readonly requestTimeoutMs: number;
  /** Objects per list page (`limit`); see listObjects. */
  readonly listPageSize?: number;
  readonly watchTimeoutSeconds: number;
  /** Called whenever the served objects or the problems of this collection changed. */
  readonly onChange: () => void;
  readonly validate?: ResourceValidator;
}

/**
 * List+watch of one collection (a Kubernetes reflector): list, then watch from the list's
 * resourceVersion, resuming from the newest one seen (events and bookmarks) whenever the
 * watch ends. A 410 Gone means that version is compacted away, so it re-lists. Failures retry
 * with backoff while the store keeps serving what was last seen.
 */
export class CollectionWatcher {
  readonly collection: CollectionInfo;
  readonly #options: CollectionWatcherOptions;
  readonly #store: ObjectStore;
  readonly #path: string;
  #resourceVersion: string | undefined;
  #listProblem: ConfigProblem | undefined;
  #stop: StopReconnect | undefined;
  #firstListSettled: () => void = () => undefined;

  constructor(options: CollectionWatcherOptions) {
    this.#options = options;
    this.collection = options.collection;
    this.#store = new ObjectStore(options.collection, options.validate);
    this.#path = collectionApiPath(options.collection);
  }

  /** Starts the loop; resolves after the first list attempt, whether it succeeded or not. */
  start(): Promise<void> {
    return new Promise((resolve) => {
      this.#firstListSettled = resolve;
      this.#stop = runWithReconnect({
        name: `kube-${this.collection.name}`,
        log: this.#options.log,
        backoff: new Backoff(this.#options.backoff),
        connect: (signal, connected) => this.#listAndWatch(signal, connected),
      });
    });
  }

  async stop(): Promise<void> {
    await this.#stop?.();
  }

  /** The newest resourceVersion seen; a resumed watch starts from it. */
  get resourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  resources(): ParsedResource[] {
    return this.#store.resources();
  }

  /** Re-runs validation on the objects it rejected, e.g. after the attributemanifests changed. */
  revalidateRejected(): void {
    this.#store.revalidateRejected();
  }

  problems(): ConfigProblem[] {
    return this.#listProblem ? [this.#listProblem, ...this.#store.problems()] : this.#store.problems();
  }

  async #listAndWatch(signal: AbortSignal, connected: () => void): Promise<void> {
    while (!signal.aborted) {
      if (this.#resourceVersion === undefined) {
        await this.#list(signal).finally(this.#firstListSettled);
        connected();
      }
      const end = await this.#watch(signal, connected);
      if (end === 'gone') {
        this.#options.log.info({ collection: this.collection.name, resourceVersion: this.#resourceVersion }, 'watch resourceVersion expired; re-listing');
        this.#resourceVersion = undefined;
      }
    }
  }

  async #list(signal: AbortSignal): Promise<void> {
    try {
      const list = await listObjects(this.#options.kc, this.#path, signal, this.#options.requestTimeoutMs, this.#options.listPageSize);
      if (signal.aborted) return;
      this.#store.replaceAll(list.items);
      this.#resourceVersion = list.resourceVersion;
      this.#listProblem = undefined;
      this.#options.onChange();
    } catch (err) {
      if (statusCodeOf(err) !== 404 || signal.aborted) throw err;
      // The CRD is not installed (or was removed, taking its objects with it): this collection is
      // empty and reported; the others are unaffected. Keep retrying in case it gets installed.
      this.#store.clear();
      this.#listProblem = { file: this.#path, line: 0, field: '', reason: `${this.collection.kind} resources cannot be listed (is the CRD installed?): ${describeError(err)}` };
      this.#options.onChange();
      throw err;
    }
  }

  #watch(signal: AbortSignal, connected: () => void): Promise<WatchEnd> {
    const watch = new Watch(this.#options.kc);
    const query = { resourceVersion: this.#resourceVersion, allowWatchBookmarks: true, timeoutSeconds: this.#options.watchTimeoutSeconds };
    return watchEvents(watch, this.#path, query, signal, this.#options.requestTimeoutMs, (type, object) => {
      connected();
      const changed = type === 'DELETED' ? this.#store.remove(object) : type === 'BOOKMARK' ? false : this.#store.upsert(object);
      const version = (object as { metadata?: { resourceVersion?: unknown } }).metadata?.resourceVersion;
      if (typeof version === 'string' && version !== '') this.#resourceVersion = version;
      if (changed) this.#options.onChange();
    });
  }
}
