import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { STANDARD_ATTRIBUTE_VOCABULARY } from '../vocabulary';
import { describeExpressionErrors } from './expression-errors';
import { checkExpression, checkMatchExpression } from './type-checker';

// Every rule `match` and instance expression in Istio 1.2's own sample and test config must
// parse and type-check against the standard vocabulary, as it does in Istio.

const SAMPLES = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../../shared/istio-samples');

// Instance kinds of 1.2: the generic `instance` plus the legacy per-template kinds.
const INSTANCE_KINDS = new Set(['instance', 'metric', 'logentry', 'listentry', 'quota', 'kubernetes', 'tracespan',
  'checknothing', 'reportnothing', 'apikey', 'authorization', 'edge']);
// Output bindings map a template's *output* attributes, which are not in the vocabulary.
const NOT_EXPRESSIONS = new Set(['attribute_bindings', 'attributeBindings']);

interface SampleExpression {
  readonly where: string;
  readonly text: string;
  readonly isMatch: boolean;
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

// Files upstream marks as invalid on purpose (MANIFEST.tsv `validity` column).
function invalidOnPurpose(): Set<string> {
  const rows = readFileSync(join(SAMPLES, 'MANIFEST.tsv'), 'utf8').split('\n').map((line) => line.split('\t'));
  return new Set(rows.filter((row) => row[5] === 'invalid').map((row) => row[0] ?? ''));
}

function leafExpressions(value: unknown, where: string): SampleExpression[] {
  if (typeof value === 'string') return [{ where, text: value, isMatch: false }];
  if (typeof value === 'number' || typeof value === 'boolean') return [{ where, text: String(value), isMatch: false }];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>)
    .filter(([key]) => !NOT_EXPRESSIONS.has(key))
    .flatMap(([key, child]) => leafExpressions(child, `${where}.${key}`));
}

function resourceExpressions(resource: Record<string, unknown>, where: string): SampleExpression[] {
  const spec = (resource['spec'] ?? {}) as Record<string, unknown>;
  const kind = String(resource['kind'] ?? '');
  if (!String(resource['apiVersion'] ?? '').startsWith('config.istio.io/')) return [];
  if (kind === 'rule') {
    const headerValues = ['requestHeaderOperations', 'responseHeaderOperations'].flatMap((field) =>
      ((spec[field] ?? []) as { values?: string[] }[]).flatMap((op, i) =>
        (op.values ?? []).map((text, j) => ({ where: `${where} ${field}[${i}].values[${j}]`, text, isMatch: false }))));
    return [{ where: `${where} match`, text: String(spec['match'] ?? ''), isMatch: true }, ...headerValues];
  }
  if (!INSTANCE_KINDS.has(kind)) return [];
  return leafExpressions(kind === 'instance' ? spec['params'] ?? {} : spec, `${where} params`);
}

function sampleExpressions(): SampleExpression[] {
  const invalid = invalidOnPurpose();
  return yamlFiles(SAMPLES).flatMap((path) => {
    const file = relative(SAMPLES, path);
    const source = readFileSync(path, 'utf8');
    if (source.includes('{{') || invalid.has(file)) return []; // Go templates are not YAML until rendered
    return parseAllDocuments(source).flatMap((document) => {
      const resource = document.toJS() as Record<string, unknown> | null;
      if (resource === null || typeof resource !== 'object') return [];
      const items = resource['kind'] === 'List' ? ((resource['items'] ?? []) as Record<string, unknown>[]) : [resource];
      return items.flatMap((item) => {
        const name = String((item['metadata'] as { name?: string } | undefined)?.name ?? '?');
        return resourceExpressions(item, `${file} ${String(item['kind'])}/${name}`);
      });
    });
  });
}

describe('Istio 1.2 sample config conformance', () => {
  const expressions = sampleExpressions();

  it('finds the rule matches and instance expressions in the samples', () => {
    expect(expressions.filter((e) => e.isMatch).length).toBeGreaterThanOrEqual(40);
    expect(expressions.filter((e) => !e.isMatch).length).toBeGreaterThanOrEqual(300);
  });

  it('parses and type-checks every one against the standard vocabulary', () => {
    const failures = expressions.flatMap(({ where, text, isMatch }) => {
      const result = isMatch ? checkMatchExpression(text, STANDARD_ATTRIBUTE_VOCABULARY) : checkExpression(text, STANDARD_ATTRIBUTE_VOCABULARY);
      return result.ok ? [] : [`${where}: ${describeExpressionErrors(text, result.errors)}`];
    });
    expect(failures).toEqual([]);
  });
});
