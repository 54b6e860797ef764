// `kubectl apply` for the mesh's live config directory: galley watches it, so a test changes the
// running mesh the way Istio's tasks do, then puts the demo's own config back.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const APPLIED_PREFIX = 'applied-';

/**
 * What a file holds once its resources are gone. Files are emptied and rewritten in place, as
 * `kubectl delete -f` leaves the file on disk (galley sees deletes and renames too).
 */
const EMPTIED = '# (no resources: removed by the test, as kubectl delete would)\n';

/** kind/namespace/name of every document in a YAML text; the text of each document, verbatim. */
function resourcesOf(text: string): Array<{ key: string; text: string }> {
  return parseAllDocuments(text)
    .map((doc) => ({ doc, body: doc.toJS() as { kind?: string; metadata?: { name?: string; namespace?: string } } | null }))
    // A document of comments alone is no resource.
    .filter((d): d is { doc: (typeof d)['doc']; body: NonNullable<(typeof d)['body']> } => d.body !== null && typeof d.body === 'object')
    .map(({ doc, body }) => {
      if (!body.kind || !body.metadata?.name) throw new Error(`a document without kind or metadata.name:\n${String(doc)}`);
      const [start, , end] = doc.range;
      return { key: `${body.kind}/${body.metadata.namespace ?? 'default'}/${body.metadata.name}`, text: `${text.slice(start, end).trim()}\n` };
    });
}

export class LiveConfig {
  /** `dir` is the copy galley watches; `defaultsDir` the config it started from (deploy/local/config). */
  constructor(
    readonly dir: string,
    readonly defaultsDir: string,
  ) {}

  /**
   * Applies every resource of a YAML text, as `kubectl apply -f` would: a resource with the same
   * kind, namespace and name is replaced, whichever file held it. Each resource gets a file of its
   * own, so a later apply replaces just it.
   */
  apply(yamlText: string): void {
    for (const resource of resourcesOf(yamlText)) {
      const own = `${APPLIED_PREFIX}${resource.key.replaceAll('/', '-').toLowerCase()}.yaml`;
      for (const file of this.#filesHolding(resource.key)) {
        if (file === own) continue;
        // Other resources of a multi-document file stay, verbatim; restore() brings the file back whole.
        const others = resourcesOf(this.#read(file)).filter((r) => r.key !== resource.key);
        this.#write(file, others.length === 0 ? EMPTIED : others.map((r) => r.text).join('---\n'));
      }
      this.#write(own, resource.text);
    }
  }

  /** Puts the starting config back: applied resources go, default files return as they were. Returns whether anything changed. */
  restore(): boolean {
    let changed = false;
    for (const file of readdirSync(this.dir)) {
      if (existsSync(join(this.defaultsDir, file)) || this.#read(file) === EMPTIED) continue;
      this.#write(file, EMPTIED);
      changed = true;
    }
    for (const file of readdirSync(this.defaultsDir)) {
      const original = readFileSync(join(this.defaultsDir, file), 'utf8');
      if (existsSync(join(this.dir, file)) && this.#read(file) === original) continue;
      this.#write(file, original);
      changed = true;
    }
    return changed;
  }

  #filesHolding(key: string): string[] {
    return readdirSync(this.dir).filter((file) => resourcesOf(this.#read(file)).some((r) => r.key === key));
  }

  #read(file: string): string {
    return readFileSync(join(this.dir, file), 'utf8');
  }

  /** In place: the same inode keeps galley's watch on it (see EMPTIED). */
  #write(file: string, text: string): void {
    writeFileSync(join(this.dir, file), text);
  }
}
