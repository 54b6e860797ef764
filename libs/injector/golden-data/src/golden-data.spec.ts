import { manifestRows, readSample } from './istio-samples';
import { normaliseForGolden } from './normalise';
import { sidecarFromTestTemplate } from './webhook-goldens';

// The normalisation must forgive only Go's zero values and the status version hash; any
// other difference has to survive it, or the golden tests could pass on wrong injection.

const deployment = (overrides: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'x' },
  spec: {
    template: {
      metadata: { annotations: { 'sidecar.istio.io/status': '{"version":"abc","containers":["istio-proxy"]}' } },
      spec: { containers: [{ name: 'app', args: ['--statusPort', '15020'], resources: { limits: { cpu: '2' } } }] },
    },
    ...overrides,
  },
});

describe('normaliseForGolden', () => {
  it('drops Go zero values and the status version', () => {
    const goStyle = deployment({ strategy: {} }) as Record<string, unknown>;
    (goStyle['metadata'] as Record<string, unknown>)['creationTimestamp'] = null;
    goStyle['status'] = { replicas: 0 };
    const ours = deployment();
    const template = (ours.spec.template.metadata.annotations as Record<string, string>);
    template['sidecar.istio.io/status'] = '{"version":"def","containers":["istio-proxy"]}';
    expect(normaliseForGolden(goStyle)).toEqual(normaliseForGolden(ours));
  });

  it.each([
    ['an argument', (d: ReturnType<typeof deployment>) => ((d.spec.template.spec.containers[0] as { args: string[] }).args[1] = '15021')],
    ['a value type ("2" vs 2)', (d: ReturnType<typeof deployment>) => ((d.spec.template.spec.containers[0] as { resources: { limits: { cpu: unknown } } }).resources.limits.cpu = 2)],
    ['the injected names in the status', (d: ReturnType<typeof deployment>) => (d.spec.template.metadata.annotations['sidecar.istio.io/status'] = '{"version":"abc","containers":[]}')],
    ['a non-empty resources map', (d: ReturnType<typeof deployment>) => ((d.spec.template.spec.containers[0] as { resources: object }).resources = {})],
  ])('keeps a difference in %s', (_name, mutate) => {
    const changed = deployment();
    mutate(changed);
    expect(normaliseForGolden(changed)).not.toEqual(normaliseForGolden(deployment()));
  });
});

describe('istio-samples access', () => {
  it('parses MANIFEST.tsv rows', () => {
    const rows = manifestRows();
    expect(rows.length).toBeGreaterThan(290);
    expect(rows.find((row) => row.path.endsWith('inject/hello.yaml.injected'))).toMatchObject({ role: 'inject-golden', kinds: 'Deployment' });
  });

  it('resolves the webhook test template for a pod with and without a service account', () => {
    const template = readSample('pilot/pkg/kube/inject/testdata/webhook/TestWebhookInject_template.yaml');
    expect(sidecarFromTestTemplate(template).volumes[1]).toEqual({ name: 'istio-certs', secret: { secretName: 'istio.default' } });
    expect(sidecarFromTestTemplate(template, 'sa').volumes[1]).toEqual({ name: 'istio-certs', secret: { secretName: 'istio.sa' } });
    const rewrite = sidecarFromTestTemplate(readSample('pilot/pkg/kube/inject/testdata/webhook/TestWebhookInject_http_probe_rewrite_template.yaml'));
    expect(rewrite.rewriteAppHTTPProbe).toBe(true);
    expect(rewrite.containers[0]?.args).toEqual(['--statusPort', '15020']);
  });
});
