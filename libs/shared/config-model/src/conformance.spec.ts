import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { hasErrors, isKnownKind, validateSpec, type ValidationIssue } from './index';

/**
 * Conformance against real Istio 1.2.10 data: MANIFEST-marked valid/invalid galley cases and
 * the sample directories users apply as-is.
 */
const SAMPLES = process.env['ISTIO_SAMPLES'] ?? resolve(__dirname, '../../../../../shared/istio-samples');
const SAMPLE_DIRS = [
  'samples/bookinfo/networking',
  'samples/bookinfo/platform/kube/rbac',
  'samples/httpbin',
  'samples/sleep',
  'samples/helloworld',
  'samples/bookinfo/policy',
  'samples/bookinfo/telemetry',
  // Mixer's own test configs: compiled adapters/templates and the per-kind (legacy) forms.
  'mixer/testdata/config',
];
// Cluster-scoped kinds have no namespace; everything else lands in "default" when kubectl applies it.
const CLUSTER_SCOPED = new Set(['MeshPolicy', 'ClusterRbacConfig']);

/** The field each upstream invalid case is wrong about, read from the file (the notes give no reason). */
const EXPECTED_INVALID_PATHS: Record<string, string[]> = {
  'authentication-v1alpha1-Policy-invalid.yaml': ['spec.targets[0].name'],
  'config-v1alpha2-rule-invalid.yaml': ['spec.badField'],
  'config-v1alpha2-handler-invalid.yaml': ['spec.compiledAdapter'],
  'config-v1alpha2-instance-invalid.yaml': ['spec.zarams'],
  'config-v1alpha2-attributemanifest-invalid.yaml': ['spec.attributes["origin.uid"].valueType'],
  'config-v1alpha2-adapter-invalid.yaml': ['spec.description'],
  'config-v1alpha2-template-invalid.yaml': ['spec.prescriptor'],
  'config-v1alpha2-zipkin-invalid.yaml': ['spec.sampleProbability'],
  'config-v1alpha2-HTTPAPISpec-invalid.yaml': ['spec.patterns'],
  'config-v1alpha2-HTTPAPISpecBinding-invalid.yaml': ['spec.services', 'spec.apiSpecs'],
  'config-v1alpha2-QuotaSpec-invalid.yaml': ['spec.rules'],
  'config-v1alpha2-QuotaSpecBinding-invalid.yaml': ['spec.services', 'spec.quotaSpecs'],
  'networking-v1alpha3-DestinationRule-invalid.yaml': ['spec.host'],
  'networking-v1alpha3-Gateway-invalid.yaml': ['spec.servers'],
  'networking-v1alpha3-ServiceEntry-invalid.yaml': ['spec.discovery', 'spec.hosts'],
  'networking-v1alpha3-Sidecar-invalid.yaml': ['spec.egress'],
  'networking-v1alpha3-VirtualService-invalid.yaml': ['spec.hosts'],
  'rbac-v1alpha1-ServiceRole-invalid.yaml': ['spec.rules'],
  'rbac-v1alpha1-ServiceRoleBinding-invalid.yaml': ['spec.subjects'],
};

interface Resource {
  kind: string;
  name: string;
  namespace?: string;
  spec: unknown;
}

function loadResources(file: string): Resource[] {
  const out: Resource[] = [];
  const add = (doc: unknown): void => {
    if (typeof doc !== 'object' || doc === null) return;
    const { kind, metadata, spec, items } = doc as Record<string, unknown>;
    if (kind === 'List' && Array.isArray(items)) return items.forEach(add);
    if (typeof kind !== 'string' || !isKnownKind(kind)) return;
    const meta = (metadata ?? {}) as { name?: string; namespace?: string };
    const namespace = CLUSTER_SCOPED.has(kind) ? undefined : (meta.namespace ?? 'default');
    out.push({ kind, name: meta.name ?? '', namespace, spec });
  };
  for (const doc of parseAllDocuments(readFileSync(join(SAMPLES, file), 'utf8'))) add(doc.toJS());
  return out;
}

function run(resource: Resource): ValidationIssue[] {
  return validateSpec(resource.kind, resource.spec, { name: resource.name, namespace: resource.namespace });
}

function listYaml(dir: string): string[] {
  return readdirSync(join(SAMPLES, dir)).flatMap((entry) => {
    const rel = `${dir}/${entry}`;
    if (statSync(join(SAMPLES, rel)).isDirectory()) return listYaml(rel);
    return /\.ya?ml$/.test(entry) ? [rel] : [];
  });
}

describe('Istio 1.2 conformance', () => {
  it('accepts every valid resource and rejects every invalid one for the right reason', () => {
    const manifest = readFileSync(join(SAMPLES, 'MANIFEST.tsv'), 'utf8').trim().split('\n').slice(1);
    const failures: string[] = [];
    let passed = 0;
    const record = (ok: boolean, what: string): void => {
      if (ok) passed += 1;
      else failures.push(what);
    };
    const mustBeClean = (file: string): void => {
      for (const r of loadResources(file)) {
        const errors = run(r).filter((i) => i.severity === 'error');
        record(errors.length === 0, `${file} ${r.kind}/${r.name}: ${JSON.stringify(errors)}`);
      }
    };
    for (const row of manifest) {
      const [path = '', , , , , validity = ''] = row.split('\t');
      if (validity === 'valid') mustBeClean(path);
      if (validity !== 'invalid') continue;
      // An invalid file may also carry valid resources (a rule with its handler and instance):
      // the file must be rejected, with an error at each path the case is about.
      const resources = loadResources(path);
      if (resources.length === 0) continue;
      const issues = resources.flatMap(run);
      const expected = EXPECTED_INVALID_PATHS[path.split('/').pop() ?? ''] ?? [];
      const missing = expected.filter((p) => !issues.some((i) => i.severity === 'error' && i.path === p));
      record(hasErrors(issues) && missing.length === 0, `${path}: missing errors at ${missing.join(', ')}; got ${JSON.stringify(issues)}`);
    }
    SAMPLE_DIRS.flatMap(listYaml).forEach(mustBeClean);
    console.log(`${passed} passed, ${failures.length} failed`);
    expect(failures).toEqual([]);
    expect(passed).toBeGreaterThan(50);
  });
});
