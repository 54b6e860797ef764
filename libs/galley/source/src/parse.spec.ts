import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatProblem, parseConfigText } from './parse';

const SAMPLES = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../shared/istio-samples');

describe('parseConfigText', () => {
  it('reads Istio 1.2 bookinfo: services, and skips kinds galley does not serve', () => {
    const file = join(SAMPLES, 'samples/bookinfo/platform/kube/bookinfo.yaml');
    const result = parseConfigText(file, readFileSync(file, 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => `${r.collection} ${r.key}`)).toEqual([
      'k8s/core/v1/services default/details',
      'k8s/core/v1/services default/ratings',
      'k8s/core/v1/services default/reviews',
      'k8s/core/v1/services default/productpage',
    ]);
    expect(result.ignored).toContain('apps/v1 Deployment');
    const details = result.resources[0];
    expect(details?.body).toMatchObject({ spec: { ports: [{ port: 9080, name: 'http' }] } });
    expect(details?.labels).toEqual({ app: 'details', service: 'details' });
  });

  it('reads Istio networking kinds with their spec as the body', () => {
    const file = join(SAMPLES, 'samples/bookinfo/networking/destination-rule-all.yaml');
    const result = parseConfigText(file, readFileSync(file, 'utf8'));
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => r.key)).toEqual(['default/productpage', 'default/reviews', 'default/ratings', 'default/details']);
    expect(result.resources[1]?.body).toMatchObject({ host: 'reviews', subsets: [{ name: 'v1' }, { name: 'v2' }, { name: 'v3' }] });
  });

  it('expands List kinds', () => {
    const text = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Service
  metadata: { name: a, namespace: x }
  spec: { ports: [{ port: 80, name: http }] }
- apiVersion: networking.istio.io/v1alpha3
  kind: Gateway
  metadata: { name: gw }
  spec: { selector: { istio: ingressgateway }, servers: [] }
`;
    const result = parseConfigText('list.yaml', text);
    expect(result.problems).toEqual([]);
    expect(result.resources.map((r) => `${r.kind} ${r.key}`)).toEqual(['Service x/a', 'Gateway default/gw']);
  });

  it('reports every problem with file, line, resource and field', () => {
    const text = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualServce
metadata: { name: typo }
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: { namespace: x }
spec: {}
---
kind: Service
`;
    const result = parseConfigText('bad.yaml', text);
    expect(result.resources).toEqual([]);
    expect(result.problems.map(formatProblem)).toEqual([
      'bad.yaml:1: kind: unknown kind networking.istio.io/v1alpha3 VirtualServce',
      'bad.yaml:5: VirtualService: metadata.name: missing name',
      'bad.yaml:10: apiVersion: missing apiVersion',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const result = parseConfigText('broken.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [unclosed\n');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.reason).toMatch(/invalid YAML/);
  });

  it('gives the same version for the same content and a new one for a change', () => {
    const a = parseConfigText('a.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n');
    const b = parseConfigText('b.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n');
    const c = parseConfigText('c.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 81}]}\n');
    expect(a.resources[0]?.version).toBe(b.resources[0]?.version);
    expect(a.resources[0]?.version).not.toBe(c.resources[0]?.version);
  });
});
