import { COLLECTIONS, type McpResource } from '@tsmesh/shared-mcp';
import { type ConfigProblem, contentVersion, type ParsedResource } from './parse';

export interface CollectionSnapshot {
  readonly version: string;
  readonly resources: readonly McpResource[];
}

/** An immutable view of all config, one entry per known collection (empty ones included). */
export interface Snapshot {
  readonly version: string;
  readonly collections: ReadonlyMap<string, CollectionSnapshot>;
}

export interface BuiltSnapshot {
  readonly snapshot: Snapshot;
  /** Problems found while combining files, e.g. the same resource defined twice. */
  readonly problems: ConfigProblem[];
}

/**
 * Combines per-file resources into one snapshot. Files are taken in path order, so when two
 * files define the same resource the first one wins and the second gets a problem report.
 */
export function buildSnapshot(files: ReadonlyMap<string, readonly ParsedResource[]>): BuiltSnapshot {
  const problems: ConfigProblem[] = [];
  const byCollection = new Map<string, Map<string, ParsedResource>>(COLLECTIONS.map((c) => [c.name, new Map()]));
  for (const file of [...files.keys()].sort()) {
    for (const r of files.get(file) ?? []) {
      const entries = byCollection.get(r.collection);
      if (!entries) continue;
      const existing = entries.get(r.key);
      if (existing) {
        problems.push({
          file: r.file,
          line: r.line,
          resource: `${r.kind} ${r.key}`,
          field: 'metadata.name',
          reason: `duplicate resource: already defined at ${existing.file}:${existing.line}`,
        });
        continue;
      }
      entries.set(r.key, r);
    }
  }
  const collections = new Map<string, CollectionSnapshot>();
  for (const [name, entries] of byCollection) {
    const resources = [...entries.values()].sort((a, b) => a.key.localeCompare(b.key)).map(toMcpResource);
    collections.set(name, { version: contentVersion(resources.map((r) => [r.name, r.version])), resources });
  }
  const version = contentVersion([...collections].map(([name, c]) => [name, c.version]));
  return { snapshot: { version, collections }, problems };
}

function toMcpResource(r: ParsedResource): McpResource {
  return { name: r.key, version: r.version, labels: r.labels, annotations: r.annotations, body: r.body };
}
