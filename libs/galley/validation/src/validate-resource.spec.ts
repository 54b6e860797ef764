import { parseConfigText } from '@tsmesh/galley-source';
import { formatProblem } from '@tsmesh/galley-source';
import { validateResource } from './validate-resource';

const problems = (text: string) => parseConfigText('f.yaml', text).resources.flatMap((r) => validateResource(r)).map(formatProblem);

describe('validateResource', () => {
  it('reports Istio field rules with file, line, resource and field path', () => {
    const text = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: reviews, namespace: default}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 60
    - destination: {host: reviews, subset: v2}
      weight: 30
`;
    expect(problems(text)).toEqual([expect.stringMatching(/^f\.yaml:1: VirtualService default\/reviews: spec\.http\[0\]\.route.*100/)]);
  });

  it('type-checks Mixer rule match expressions', () => {
    const bad = `apiVersion: config.istio.io/v1alpha2
kind: rule
metadata: {name: r, namespace: istio-system}
spec:
  match: response.code == "200"
  actions: []
`;
    expect(problems(bad)).toEqual([expect.stringMatching(/rule istio-system\/r: spec\.match: column \d+: .*INT64/)]);
    expect(problems(bad.replace('"200"', '200'))).toEqual([]);
  });

  it('type-checks instance expressions against the attributemanifests among its peers', () => {
    const manifest = parseConfigText('m.yaml', `apiVersion: config.istio.io/v1alpha2
kind: attributemanifest
metadata: {name: tenant, namespace: istio-system}
spec:
  attributes:
    tenant.id: {valueType: STRING}
`).resources;
    const instance = parseConfigText('i.yaml', `apiVersion: config.istio.io/v1alpha2
kind: instance
metadata: {name: tenantcount, namespace: istio-system}
spec:
  compiledTemplate: logentry
  params:
    severity: tenant.id
    timestamp: tenant.id
`).resources;
    const check = (peers: ReturnType<typeof parseConfigText>['resources']) => instance.flatMap((r) => validateResource(r, peers)).map(formatProblem);
    expect(check([...manifest, ...instance])).toEqual([
      'i.yaml:1: instance istio-system/tenantcount: spec.params.timestamp: expression "tenant.id" has type STRING, template field needs TIMESTAMP',
    ]);
    expect(check(instance)).toEqual([
      expect.stringMatching(/^i\.yaml:1: instance istio-system\/tenantcount: spec\.params\.timestamp: unknown attribute 'tenant\.id'/),
      expect.stringMatching(/^i\.yaml:1: instance istio-system\/tenantcount: spec\.params\.severity: unknown attribute 'tenant\.id'/),
    ]);
  });

  it('leaves Kubernetes core kinds alone', () => {
    expect(problems('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n')).toEqual([]);
  });
});
