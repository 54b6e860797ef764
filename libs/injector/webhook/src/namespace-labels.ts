import { readFile } from 'node:fs/promises';
import { ConfigError, describeError } from '@tsmesh/shared-errors';
import { parseAllDocuments } from 'yaml';
import type { NamespaceLabels } from './admission-handler';

// In a cluster the API server applies the webhook's namespaceSelector (istio-injection=enabled)
// before calling us. Without one (local mesh, tests) the injector can apply it itself from the
// Namespace manifests it is given: a namespace missing from them has no labels, so no injection.

type Labels = Readonly<Record<string, string>>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function namespacesIn(document: unknown, source: string, into: Map<string, Labels>): void {
  if (!isObject(document)) return;
  if (document['kind'] === 'List' || document['kind'] === 'NamespaceList') {
    for (const item of Array.isArray(document['items']) ? document['items'] : []) namespacesIn(item, source, into);
    return;
  }
  if (document['kind'] !== 'Namespace') return;
  const metadata = isObject(document['metadata']) ? document['metadata'] : {};
  const name = metadata['name'];
  if (typeof name !== 'string' || name === '') throw new ConfigError('a Namespace has no metadata.name', { source });
  const labels = isObject(metadata['labels']) ? metadata['labels'] : {};
  into.set(name, Object.fromEntries(Object.entries(labels).map(([key, value]) => [key, String(value)])));
}

/** Namespace labels from YAML text holding Namespace objects (other kinds are ignored). */
export function parseNamespaceLabels(text: string, source: string): NamespaceLabels {
  const byName = new Map<string, Labels>();
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new ConfigError(`not valid YAML: ${document.errors[0]?.message}`, { source });
    namespacesIn(document.toJS(), source, byName);
  }
  return (namespace) => byName.get(namespace) ?? {};
}

export async function loadNamespaceLabels(path: string): Promise<NamespaceLabels> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${describeError(error)}`, { field: '--namespaces-file' });
  }
  return parseNamespaceLabels(text, path);
}
