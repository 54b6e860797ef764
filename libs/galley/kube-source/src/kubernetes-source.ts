import { type ConfigProblem, buildSnapshot, formatProblem, type ParsedResource, type Snapshot } from '@tsmesh/galley-source';
import { ConfigError } from '@tsmesh/shared-errors';
import { type CollectionInfo, collectionByName } from '@tsmesh/shared-mcp';
import type { BackoffOptions } from '@tsmesh/shared-runtime';
import type { Logger } from 'pino';
import { CollectionWatcher } from './collection-watcher';
import { type KubeConnectionOptions, loadKubeConfig } from './kube-config';
import type { ResourceValidator } from './object-store';

export type KubernetesSourceOptions = KubeConnectionOptions & {
  /** MCP collection names to serve, e.g. `istio/networking/v1alpha3/virtualservices`, `k8s/core/v1/services`. */
  readonly collections: readonly string[];
  /** Quiet period after the last change before a new snapshot is built. */
  readonly debounceMs: number;
  readonly log: Logger;
  readonly onSnapshot: (snapshot: Snapshot, problems: readonly ConfigProblem[]) => void;
  /** Galley's per-resource validation, as for files. */
  readonly validate?: ResourceValidator;
  /** Reconnect backoff per collection; defaults to shared-runtime's (100ms doubling to 15s). */
  readonly backoff?: BackoffOptions;
  /** Bound on a list request and on a watch staying silent; default 60s. */
  readonly requestTimeoutMs?: number;
  /** Objects per list page; default 500, as client-go's pager. */
  readonly listPageSize?: number;
  /** Asks the API server to end each watch after this long, so watches are renewed; default 300. */
  readonly watchTimeoutSeconds?: number;
};

/**
 * Serves config from the Kubernetes API server, the way DirectorySource serves it from files:
 * every collection is listed and watched, changes are debounced into one snapshot, and while
 * the API server is unreachable the last snapshot stays in service.
 */
export class KubernetesSource {
  readonly #options: KubernetesSourceOptions;
  readonly #collections: readonly CollectionInfo[];
  #watchers: CollectionWatcher[] = [];
  #timer: NodeJS.Timeout | undefined;
  #problems: readonly ConfigProblem[] = [];
  #lastEmitted = '';
  /** Keys and versions of the validation peers the rejected objects were last checked against. */
  #lastPeers = '';
  #stopped = false;
  /** Until every collection was listed once, changes wait for start()'s first snapshot. */
  #initialListDone = false;

  constructor(options: KubernetesSourceOptions) {
    this.#options = options;
    this.#collections = options.collections.map((name) => {
      const info = collectionByName(name);
      if (!info) throw new ConfigError(`unknown collection ${name}`, { field: 'collections' });
      return info;
    });
  }

  /** Resolves once every collection has been listed once (or failed to), after the first snapshot. */
  async start(): Promise<void> {
    const { log, backoff = {} } = this.#options;
    const kc = loadKubeConfig(this.#options);
    const validate = this.#options.validate;
    this.#stopped = false;
    this.#initialListDone = false;
    this.#watchers = this.#collections.map(
      (collection) =>
        new CollectionWatcher({
          kc,
          collection,
          log: log.child({ collection: collection.name }),
          backoff,
          requestTimeoutMs: this.#options.requestTimeoutMs ?? 60_000,
          ...(this.#options.listPageSize !== undefined && { listPageSize: this.#options.listPageSize }),
          watchTimeoutSeconds: this.#options.watchTimeoutSeconds ?? 300,
          onChange: () => this.#schedule(),
          ...(validate && { validate: (resource: ParsedResource) => validate(resource, this.#validationPeers()) }),
        }),
    );
    await Promise.all(this.#watchers.map((w) => w.start()));
    this.#initialListDone = true;
    this.#emit();
  }

  /**
   * What an object is validated against: the attributemanifests served now (their attributes
   * extend the vocabulary Mixer expressions type-check against). When they change, rejected
   * objects are validated again before the next snapshot (see #emit).
   */
  #validationPeers(): ParsedResource[] {
    return this.#watchers.filter((w) => w.collection.kind === 'attributemanifest').flatMap((w) => w.resources());
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await Promise.all(this.#watchers.map((w) => w.stop()));
  }

  problems(): readonly ConfigProblem[] {
    return this.#problems;
  }

  /** The newest resourceVersion seen per collection, for debugging and status pages. */
  resourceVersions(): ReadonlyMap<string, string | undefined> {
    return new Map(this.#watchers.map((w) => [w.collection.name, w.resourceVersion]));
  }

  #schedule(): void {
    if (this.#stopped || !this.#initialListDone) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#emit(), this.#options.debounceMs);
  }

  #emit(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const peers = this.#validationPeers().map((r) => `${r.key}@${r.version}`).join('\n');
    if (peers !== this.#lastPeers) {
      this.#lastPeers = peers;
      for (const w of this.#watchers) w.revalidateRejected();
    }
    const built = buildSnapshot(new Map(this.#watchers.map((w) => [w.collection.name, w.resources()])));
    const problems = [...this.#watchers.flatMap((w) => w.problems()), ...built.problems];
    // Bookmarks, status-only updates and re-lists that found nothing new change nothing galley serves.
    const fingerprint = JSON.stringify([built.snapshot.version, problems.map(formatProblem)]);
    if (fingerprint === this.#lastEmitted) return;
    this.#lastEmitted = fingerprint;
    this.#problems = problems;
    for (const p of problems) this.#options.log.warn({ problem: formatProblem(p) }, 'config problem');
    this.#options.onSnapshot(built.snapshot, problems);
  }
}
