import { locateFields, pathSegments } from './locate-fields';

const text = `# bookinfo
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 60
    - destination: {host: reviews, subset: v2}
      weight: 30
---
apiVersion: config.istio.io/v1alpha2
kind: attributemanifest
metadata: {name: m}
spec:
  attributes:
    origin.uid:
      valueType: BAD
`;

describe('locateFields', () => {
  it('splits field paths, including quoted keys', () => {
    expect(pathSegments('spec.http[0].route[1].weight')).toEqual(['spec', 'http', 0, 'route', 1, 'weight']);
    expect(pathSegments('spec.attributes["origin.uid"].valueType')).toEqual(['spec', 'attributes', 'origin.uid', 'valueType']);
  });

  it('points each problem at the line of its field', () => {
    const located = locateFields(text, [
      { file: 'f', line: 2, field: 'spec.http[0].route[1].weight', reason: 'x' },
      { file: 'f', line: 15, field: 'spec.attributes["origin.uid"].valueType', reason: 'y' },
      { file: 'f', line: 2, field: 'spec.http[0].route[1].missing', reason: 'deepest known part' },
      { file: 'f', line: 2, field: '', reason: 'no field' },
    ]);
    expect(located.map((p) => p.line)).toEqual([13, 21, 12, 2]);
  });
});
