import { createHash } from 'node:crypto';
import { collectionForKind } from '@tsmesh/shared-mcp';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';

/** One config object read from a file, keyed the way MCP keys it. */
export interface ParsedResource {
  readonly collection: string;
  /** `namespace/name`, or `name` for cluster-scoped kinds. */
  readonly key: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
  /** Content hash: changes exactly when the resource changes. */
  readonly version: string;
  readonly file: string;
  readonly line: number;
}

/** A problem with one file or one object in it; carries everything needed to find and fix it. */
export interface ConfigProblem {
  readonly file: string;
  readonly line: number;
  /** `kind namespace/name`, when the object got far enough to have one. */
  readonly resource?: string;
  readonly field: string;
  readonly reason: string;
  /** Warnings are reported but never keep a file out of service; absent means error. */
  readonly severity?: 'warning';
}

export function formatProblem(p: ConfigProblem): string {
  const level = p.severity === 'warning' ? 'warning: ' : '';
  return `${p.file}:${p.line}: ${level}${p.resource ? `${p.resource}: ` : ''}${p.field ? `${p.field}: ` : ''}${p.reason}`;
}

export function isError(p: ConfigProblem): boolean {
  return p.severity !== 'warning';
}

const DEFAULT_NAMESPACE = 'default';
/** Core kinds carry their payload outside `spec` (Endpoints.subsets, Pod.status), so they keep the whole object. */
const WHOLE_OBJECT_GROUPS = new Set(['', 'extensions']);

export interface ParseResult {
  readonly resources: ParsedResource[];
  readonly problems: ConfigProblem[];
  /** Objects of kinds galley does not serve, as `apiVersion kind`. */
  readonly ignored: string[];
}

/** Parses multi-document YAML (JSON is YAML) into resources, reporting every problem found. */
export function parseConfigText(file: string, text: string): ParseResult {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines, uniqueKeys: true });
  const result: ParseResult = { resources: [], problems: [], ignored: [] };
  const docList = Array.isArray(docs) ? docs : [docs];
  for (const doc of docList) {
    const line = lines.linePos(doc.contents?.range?.[0] ?? doc.range?.[0] ?? 0).line;
    if (doc.errors.length > 0) {
      for (const e of doc.errors) {
        result.problems.push({ file, line: e.linePos?.[0]?.line ?? line, field: '', reason: `invalid YAML: ${e.message.split('\n')[0]}` });
      }
      continue;
    }
    const value = toPlain(doc);
    if (value === null || value === undefined) continue; // empty document, e.g. a trailing `---`
    collectObject(file, line, value, result, '');
  }
  return result;
}

function toPlain(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: 100 });
}

function collectObject(file: string, line: number, value: unknown, out: ParseResult, path: string): void {
  if (!isRecord(value)) {
    out.problems.push({ file, line, field: path, reason: 'expected a Kubernetes object (a map with apiVersion and kind)' });
    return;
  }
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string' || apiVersion === '') {
    out.problems.push({ file, line, field: `${path}apiVersion`, reason: 'missing apiVersion' });
    return;
  }
  if (typeof kind !== 'string' || kind === '') {
    out.problems.push({ file, line, field: `${path}kind`, reason: 'missing kind' });
    return;
  }
  if (kind === 'List' || kind.endsWith('List')) {
    const items = value['items'];
    if (!Array.isArray(items)) {
      out.problems.push({ file, line, field: `${path}items`, reason: `${kind} without an items array` });
      return;
    }
    items.forEach((item, i) => collectObject(file, line, item, out, `${path}items[${i}].`));
    return;
  }
  const collection = collectionForKind(apiVersion, kind);
  if (!collection) {
    // Kinds galley does not serve (Deployment, ServiceAccount, ...) are skipped, as Istio's galley
    // does; an unknown kind in an Istio API group is a typo worth reporting.
    if (apiVersion.split('/')[0]?.endsWith('istio.io')) {
      out.problems.push({ file, line, field: `${path}kind`, reason: `unknown kind ${apiVersion} ${kind}` });
    } else {
      out.ignored.push(`${apiVersion} ${kind}`);
    }
    return;
  }
  const meta = isRecord(value['metadata']) ? value['metadata'] : {};
  const name = meta['name'];
  if (typeof name !== 'string' || name === '') {
    out.problems.push({ file, line, resource: kind, field: `${path}metadata.name`, reason: 'missing name' });
    return;
  }
  const namespace = collection.clusterScoped ? '' : typeof meta['namespace'] === 'string' ? meta['namespace'] : DEFAULT_NAMESPACE;
  const key = collection.clusterScoped ? name : `${namespace}/${name}`;
  const body = bodyOf(collection.group, value);
  const labels = stringMap(meta['labels']);
  const annotations = stringMap(meta['annotations']);
  out.resources.push({
    collection: collection.name,
    key,
    kind,
    namespace,
    name,
    labels,
    annotations,
    body,
    version: contentVersion({ body, labels, annotations }),
    file,
    line,
  });
}

function bodyOf(group: string, value: Record<string, unknown>): Record<string, unknown> {
  if (WHOLE_OBJECT_GROUPS.has(group)) {
    const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = value;
    return rest;
  }
  return isRecord(value['spec']) ? value['spec'] : {};
}

function stringMap(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function contentVersion(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

