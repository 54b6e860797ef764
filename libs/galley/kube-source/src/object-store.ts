import { type ConfigProblem, isError, isRecord, parseConfigText, type ParsedResource } from '@tsmesh/galley-source';
import type { CollectionInfo } from '@tsmesh/shared-mcp';
import { collectionApiPath } from './kube-config';

/**
 * Galley's validation of one resource; an error keeps the object's last good version in service.
 * `peers` are resources it is checked against (the attributemanifests of the other collections).
 */
export type ResourceValidator = (resource: ParsedResource, peers?: readonly ParsedResource[]) => readonly ConfigProblem[];

interface Entry {
  /** The last version of this object that converted without problems. */
  readonly good: ParsedResource | undefined;
  readonly problems: readonly ConfigProblem[];
  /** The newest object while validation rejects it, so that new peers can admit it later. */
  readonly rejected?: unknown;
}

/**
 * The objects of one collection as the API server last reported them, keyed `ns/name` (or
 * `name` when cluster-scoped). Like a config file in DirectorySource, an object that stops
 * converting keeps its last good version in service and reports its problems.
 */
export class ObjectStore {
  readonly #collection: CollectionInfo;
  readonly #validate: ResourceValidator | undefined;
  #entries = new Map<string, Entry>();

  constructor(collection: CollectionInfo, validate?: ResourceValidator) {
    this.#collection = collection;
    this.#validate = validate;
  }

  /** Adds or replaces one object; true when what galley serves or reports changed. */
  upsert(object: unknown): boolean {
    const key = this.keyOf(object);
    if (key === undefined) return false;
    const previous = this.#entries.get(key);
    const next = this.#convert(key, object, previous);
    this.#entries.set(key, next);
    return previous?.good?.version !== next.good?.version || (previous?.problems.length ?? 0) + next.problems.length > 0;
  }

  /** Removes one object; true when it was known. */
  remove(object: unknown): boolean {
    const key = this.keyOf(object);
    return key !== undefined && this.#entries.delete(key);
  }

  /** Replaces everything with a fresh list, keeping last good versions of objects that still exist. */
  replaceAll(objects: readonly unknown[]): void {
    const next = new Map<string, Entry>();
    for (const object of objects) {
      const key = this.keyOf(object);
      if (key !== undefined) next.set(key, this.#convert(key, object, this.#entries.get(key)));
    }
    this.#entries = next;
  }

  /** Validates again the objects whose newest version was rejected (their peers changed). */
  revalidateRejected(): void {
    for (const [key, entry] of this.#entries) {
      if (entry.rejected !== undefined) this.#entries.set(key, this.#convert(key, entry.rejected, entry));
    }
  }

  clear(): void {
    this.#entries.clear();
  }

  resources(): ParsedResource[] {
    return [...this.#entries.values()].flatMap((e) => (e.good ? [e.good] : []));
  }

  problems(): ConfigProblem[] {
    return [...this.#entries.values()].flatMap((e) => e.problems);
  }

  keyOf(object: unknown): string | undefined {
    const meta = isRecord(object) && isRecord(object['metadata']) ? object['metadata'] : undefined;
    const name = meta?.['name'];
    if (typeof name !== 'string' || name === '') return undefined;
    if (this.#collection.clusterScoped) return name;
    return `${typeof meta?.['namespace'] === 'string' ? meta['namespace'] : 'default'}/${name}`;
  }

  #convert(key: string, object: unknown, previous: Entry | undefined): Entry {
    const converted = toParsedResource(this.#collection, key, object);
    const resource = converted.resources[0];
    const problems = resource && this.#validate ? [...converted.problems, ...this.#validate(resource)] : converted.problems;
    if (resource && !problems.some(isError)) return { good: resource, problems };
    return { good: previous?.good, problems, ...(resource && { rejected: object }) };
  }
}

/**
 * Converts an API object with galley's file parser, so objects from Kubernetes and from files
 * get identical keys, bodies and content versions (JSON is YAML). Typed list items come without
 * apiVersion and kind, so both are set from the collection being watched.
 */
function toParsedResource(collection: CollectionInfo, key: string, object: unknown): { resources: ParsedResource[]; problems: ConfigProblem[] } {
  const apiVersion = collection.group === '' ? collection.version : `${collection.group}/${collection.version}`;
  const where = objectPath(collection, key);
  const parsed = parseConfigText(where, JSON.stringify({ ...(isRecord(object) ? object : {}), apiVersion, kind: collection.kind }));
  // Line numbers of a one-line JSON text mean nothing; the object path is the location.
  return {
    resources: parsed.resources.map((r) => ({ ...r, line: 0 })),
    problems: parsed.problems.map((p) => ({ ...p, line: 0 })),
  };
}

/** The API path of one object, e.g. `/apis/networking.istio.io/v1alpha3/namespaces/demo/virtualservices/reviews`. */
export function objectPath(collection: CollectionInfo, key: string): string {
  const listPath = collectionApiPath(collection);
  const slash = key.indexOf('/');
  if (collection.clusterScoped || slash < 0) return `${listPath}/${key}`;
  const cut = listPath.lastIndexOf('/');
  return `${listPath.slice(0, cut)}/namespaces/${key.slice(0, slash)}${listPath.slice(cut)}/${key.slice(slash + 1)}`;
}
