import { createInjectorConfig } from '@tsmesh/injector-injection';
import { parse as parseYaml } from 'yaml';
import { kubeInject } from './kube-inject';
import { WORKLOAD_KINDS } from './workload';
import { splitYamlDocuments } from './yaml-documents';

const config = createInjectorConfig();

function workload(kind: string, extra: Record<string, unknown> = {}): string {
  const template = { metadata: { labels: { app: 'w' }, ...extra }, spec: { containers: [{ name: 'app', image: 'app:1' }] } };
  if (kind === 'Pod') return JSON.stringify({ apiVersion: 'v1', kind, metadata: { ...template.metadata, name: 'p' }, spec: template.spec });
  if (kind === 'CronJob') return JSON.stringify({ apiVersion: 'batch/v1beta1', kind, metadata: { name: 'c' }, spec: { jobTemplate: { ...template, spec: { template } } } });
  return JSON.stringify({ apiVersion: 'apps/v1', kind, metadata: { name: 'w' }, spec: { template } });
}

type PodSpecLike = { containers: { name: string }[] };
type WorkloadLike = { kind: string; spec: { template: { spec: PodSpecLike }; jobTemplate: { spec: { template: { spec: PodSpecLike } } } } & PodSpecLike };

const containerNames = (object: WorkloadLike): string[] => {
  const spec = object.kind === 'Pod' ? object.spec : object.kind === 'CronJob' ? object.spec.jobTemplate.spec.template.spec : object.spec.template.spec;
  return spec.containers.map((c) => c.name);
};

describe('splitYamlDocuments', () => {
  it('splits on --- lines only and drops empty documents', () => {
    expect(splitYamlDocuments('a: 1\n---\n\n--- \nb: "---"\n---\n')).toEqual(['a: 1\n', 'b: "---"\n']);
    expect(splitYamlDocuments('---\nx: |\n  ---not a separator\n')).toEqual(['x: |\n  ---not a separator\n']);
  });
});

describe('kubeInject', () => {
  it.each(WORKLOAD_KINDS)('injects a %s', (kind) => {
    const { yaml, injected } = kubeInject(config, workload(kind));
    expect(injected).toBe(1);
    expect(containerNames(parseYaml(yaml.replace(/---\n$/, '')))).toEqual(['app', 'istio-proxy']);
  });

  it('writes non-workload documents back byte for byte, and ends every document with ---', () => {
    const service = '# keep this comment\nkind: Service\napiVersion: v1\nmetadata: {name: s}   # and this one\n';
    const { yaml } = kubeInject(config, `${service}---\n${workload('Deployment')}\n`);
    expect(yaml.startsWith(`${service}---\n`)).toBe(true);
    expect(yaml.endsWith('---\n')).toBe(true);
  });

  it('walks List items, leaving non-workload items alone', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [JSON.parse(workload('Deployment')), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' } }] };
    const { yaml, injected } = kubeInject(config, JSON.stringify(list));
    const out = parseYaml(yaml.replace(/---\n$/, ''));
    expect(injected).toBe(1);
    expect(containerNames(out.items[0])).toEqual(['app', 'istio-proxy']);
    expect(out.items[1]).toEqual(list.items[1]);
  });

  it.each([
    ['opt-out annotation', workload('Deployment', { annotations: { 'sidecar.istio.io/inject': 'false' } }), /sidecar.istio.io\/inject=false/],
    ['host networking', JSON.stringify({ kind: 'Pod', metadata: { name: 'h' }, spec: { hostNetwork: true, containers: [{ name: 'a' }] } }), /host networking/],
    ['kube-system', JSON.stringify({ kind: 'Pod', metadata: { name: 'k', namespace: 'kube-system' }, spec: { containers: [{ name: 'a' }] } }), /kube-system/],
    ['an existing sidecar', JSON.stringify({ kind: 'Pod', metadata: { name: 'i' }, spec: { containers: [{ name: 'a' }, { name: 'istio-proxy' }] } }), /injected istio-proxy/],
  ])('skips on %s and says why on the warning channel', (_name, input, reason) => {
    const warnings: string[] = [];
    const { yaml, skipped, injected } = kubeInject(config, input, (message) => warnings.push(message));
    expect({ skipped, injected }).toEqual({ skipped: 1, injected: 0 });
    expect(yaml).not.toContain('istio-init');
    expect(warnings).toEqual([expect.stringMatching(reason)]);
  });

  it('injects even under a disabled policy: manual injection is an explicit request', () => {
    const { injected } = kubeInject(createInjectorConfig({ policy: 'disabled' }), workload('Deployment'));
    expect(injected).toBe(1);
  });

  it('annotates a CronJob through its jobTemplate metadata, as Istio 1.2 does', () => {
    const out = parseYaml(kubeInject(config, workload('CronJob')).yaml.replace(/---\n$/, ''));
    expect(out.spec.jobTemplate.metadata.annotations['sidecar.istio.io/status']).toContain('istio-proxy');
  });

  it('quotes strings YAML 1.1 readers (kubectl) would take for booleans', () => {
    const { yaml } = kubeInject(config, workload('Deployment', { annotations: { 'sidecar.istio.io/inject': 'yes', note: 'on' } }));
    expect(yaml).toContain('sidecar.istio.io/inject: "yes"');
    expect(yaml).toContain('note: "on"');
  });

  it('names the document and field of a malformed workload', () => {
    const bad = JSON.stringify({ kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec: { containers: 'nope' } } } });
    expect(() => kubeInject(config, `kind: ConfigMap\n---\n${bad}`, undefined, 'app.yaml')).toThrow(/document 2 \(Deployment\/x\): .*containers: must be a list/);
    expect(() => kubeInject(config, 'a: [')).toThrow(/document 1 is not valid YAML/);
  });
});
