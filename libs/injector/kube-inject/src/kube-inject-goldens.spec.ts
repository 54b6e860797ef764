import { basename, dirname } from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  ISTIO_TEST_DEFAULTS,
  manifestRows,
  normaliseForGolden,
  readSample,
  upstreamInjectorConfig,
  type UpstreamParams,
} from '@tsmesh/injector-golden-data';
import { kubeInject } from './kube-inject';

// Every `inject-golden` pair listed in the samples' MANIFEST.tsv, run through kube-inject with
// the parameters Istio 1.2's TestIntoResourceFile / TestRewriteAppProbe used for it. A golden
// listed in MANIFEST but missing here fails the suite, so none is skipped silently.

const PARAMS_BY_GOLDEN: Readonly<Record<string, UpstreamParams>> = {
  'auth.yaml.injected': ISTIO_TEST_DEFAULTS,
  'cronjob.yaml.injected': ISTIO_TEST_DEFAULTS,
  'daemonset.yaml.injected': ISTIO_TEST_DEFAULTS,
  'frontend.yaml.injected': ISTIO_TEST_DEFAULTS,
  'hello-multi.yaml.injected': ISTIO_TEST_DEFAULTS,
  'hello-namespace.yaml.injected': ISTIO_TEST_DEFAULTS,
  'hello.yaml.injected': ISTIO_TEST_DEFAULTS,
  'job.yaml.injected': ISTIO_TEST_DEFAULTS,
  'list.yaml.injected': ISTIO_TEST_DEFAULTS,
  'multi-init.yaml.injected': ISTIO_TEST_DEFAULTS,
  'pod.yaml.injected': ISTIO_TEST_DEFAULTS,
  'statefulset.yaml.injected': ISTIO_TEST_DEFAULTS,
  'status_annotations.yaml.injected': ISTIO_TEST_DEFAULTS,
  'traffic-annotations.yaml.injected': ISTIO_TEST_DEFAULTS,
  // The TPROXY case sets nothing but the mode: every other parameter is Go's zero value.
  'hello-tproxy.yaml.injected': { tproxy: true },
  'status_params.yaml.injected': { ...ISTIO_TEST_DEFAULTS, statusPort: 123, readinessInitialDelaySeconds: 100, readinessPeriodSeconds: 200, readinessFailureThreshold: 300 },
  'traffic-params.yaml.injected': {
    includeIPRanges: '127.0.0.1/24,10.96.0.1/24',
    excludeIPRanges: '10.96.0.2/24,10.96.0.3/24',
    includeInboundPorts: '1,2,3',
    excludeInboundPorts: '4,5,6',
    statusPort: 0,
  },
  // TestRewriteAppProbe passes DefaultReadinessPeriodSeconds as the delay and
  // DefaultReadinessFailureThreshold as the period (sic), and no IP ranges.
  'app_probe/hello-probes.yaml.injected': { statusPort: 15020, readinessInitialDelaySeconds: 2, readinessPeriodSeconds: 30, readinessFailureThreshold: 30, rewriteAppHTTPProbe: true },
  'app_probe/named_port.yaml.injected': { statusPort: 15020, readinessInitialDelaySeconds: 2, readinessPeriodSeconds: 30, readinessFailureThreshold: 30, rewriteAppHTTPProbe: true },
};

/** Goldens we cannot use, and why. */
const EXCLUDED: Readonly<Record<string, string>> = {
  'app_probe/ready_live.yaml.injected':
    'contains unresolved git merge-conflict markers (<<<<<<< HEAD) and is not in 1.2 TestRewriteAppProbe',
};

const INJECT_DIR = 'pilot/pkg/kube/inject/testdata/inject/';

const goldens = manifestRows()
  .filter((row) => row.role === 'inject-golden')
  .map((row) => {
    const key = row.path.slice(INJECT_DIR.length);
    const input = /golden for (\S+\.yaml)/.exec(row.notes)?.[1];
    if (!input) throw new Error(`MANIFEST row ${row.path} names no input in its notes`);
    return { key, golden: row.path, input: `${dirname(row.path)}/${input}` };
  });

function documents(text: string): unknown[] {
  return parseAllDocuments(text)
    .map((document) => document.toJS() as unknown)
    .filter((document) => document !== null && document !== undefined);
}

describe('kube-inject against Istio 1.2 goldens', () => {
  it('covers every inject golden in MANIFEST.tsv', () => {
    expect(goldens.length).toBeGreaterThanOrEqual(19);
    const unknown = goldens.filter(({ key }) => !PARAMS_BY_GOLDEN[key] && !EXCLUDED[key]).map(({ key }) => key);
    expect(unknown).toEqual([]);
  });

  const runnable = goldens.filter(({ key }) => !EXCLUDED[key]);
  it.each(runnable)('$key', ({ key, golden, input }) => {
    const config = upstreamInjectorConfig(PARAMS_BY_GOLDEN[key] as UpstreamParams);
    const { yaml } = kubeInject(config, readSample(input));
    const got = documents(yaml).map(normaliseForGolden);
    const want = documents(readSample(golden)).map(normaliseForGolden);
    expect(got).toEqual(want);
  });

  it('leaves an already injected file unchanged (hello.yaml.injected twice)', () => {
    const config = upstreamInjectorConfig(ISTIO_TEST_DEFAULTS);
    const golden = readSample(`${INJECT_DIR}hello.yaml.injected`);
    const result = kubeInject(config, golden);
    expect(result.skipped).toBe(1);
    expect(documents(result.yaml).map(normaliseForGolden)).toEqual(documents(golden).map(normaliseForGolden));
  });

  const invalid = manifestRows().filter((row) => row.role === 'inject-input' && row.validity === 'invalid');
  it.each(invalid.map((row) => ({ file: basename(row.path), path: row.path })))('rejects $file', ({ file, path }) => {
    const annotation = /bad-(\w+)\.yaml$/.exec(file)?.[1] as string;
    const config = upstreamInjectorConfig(ISTIO_TEST_DEFAULTS);
    expect(() => kubeInject(config, readSample(path))).toThrow(new RegExp(annotation, 'i'));
  });
});
