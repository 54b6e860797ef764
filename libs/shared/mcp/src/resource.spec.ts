import { collectionByName, collectionForKind, PILOT_COLLECTIONS } from './collections';
import { decodeResource, encodeResource, splitResourceName } from './resource';

describe('MCP resources', () => {
  it('round-trips a resource through its wire form', () => {
    const resource = { name: 'default/reviews', version: 'abc', labels: { app: 'reviews' }, annotations: { a: 'b' }, body: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 100 }] }] } };
    const decoded = decodeResource(encodeResource(resource, 'istio/config/v1alpha2/legacy/prometheuses'), 'istio/config/v1alpha2/legacy/prometheuses');
    expect(decoded).toEqual({ ...resource, createTime: undefined, bodyType: 'type.googleapis.com/google.protobuf.Struct' });
  });

  it('sends Kubernetes kinds as the Kubernetes protos Istio 1.2 uses, read back in their JSON shape', () => {
    const svc = { name: 'default/reviews', version: '1', labels: { app: 'reviews' }, annotations: {}, body: { spec: { clusterIP: '10.0.0.7', ports: [{ name: 'http', port: 9080, targetPort: 9080 }], selector: { app: 'reviews' } } } };
    const wire = encodeResource(svc, 'k8s/core/v1/services');
    expect(wire.body?.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.ServiceSpec');
    expect(decodeResource(wire, 'k8s/core/v1/services').body).toMatchObject(svc.body);
    const eps = { name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { subsets: [{ addresses: [{ ip: '10.1.0.5', targetRef: { kind: 'Pod', name: 'reviews-v1-x', namespace: 'default' } }], ports: [{ name: 'http', port: 9080 }] }] } };
    const epWire = encodeResource(eps, 'k8s/core/v1/endpoints');
    expect(epWire.body?.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.Endpoints');
    expect(decodeResource(epWire, 'k8s/core/v1/endpoints').body).toMatchObject(eps.body);
  });

  it('sends Istio kinds as their typed message, as Istio 1.2 galley does', () => {
    const vs = { name: 'default/reviews', version: '1', labels: {}, annotations: {}, body: { hosts: ['reviews'], http: [{ timeout: '2s', route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] } };
    const wire = encodeResource(vs, 'istio/networking/v1alpha3/virtualservices');
    expect(wire.body?.typeUrl).toBe('type.googleapis.com/istio.networking.v1alpha3.VirtualService');
    const decoded = decodeResource(wire, 'istio/networking/v1alpha3/virtualservices');
    expect(decoded.body).toMatchObject({ hosts: ['reviews'], http: [{ timeout: { seconds: '2', nanos: 0 }, route: [{ destination: { host: 'reviews', subset: 'v1' } }] }] });
    expect(decoded.bodyType).toBe(wire.body?.typeUrl);
  });

  it('rejects a resource with no name or an unknown body type, naming the field', () => {
    expect(() => decodeResource({ metadata: undefined, body: undefined }, 'c')).toThrow(/metadata.name/);
    const wrong = { ...encodeResource({ name: 'a/b', version: '1', labels: {}, annotations: {}, body: {} }, 'c'), body: { typeUrl: 'type.googleapis.com/foo.Bar', value: Buffer.alloc(0) } };
    expect(() => decodeResource(wrong, 'c')).toThrow(/unsupported body type type.googleapis.com\/foo.Bar/);
  });

  it('splits namespaced and cluster-scoped names', () => {
    expect(splitResourceName('ns/name')).toEqual({ namespace: 'ns', name: 'name' });
    expect(splitResourceName('mesh')).toEqual({ namespace: '', name: 'mesh' });
  });
});

describe('collections', () => {
  it('uses Istio 1.2 collection names and maps kinds to them', () => {
    expect(collectionForKind('networking.istio.io/v1alpha3', 'VirtualService')?.name).toBe('istio/networking/v1alpha3/virtualservices');
    expect(collectionForKind('config.istio.io/v1alpha2', 'rule')?.name).toBe('istio/policy/v1beta1/rules');
    expect(collectionForKind('config.istio.io/v1alpha2', 'prometheus')?.name).toBe('istio/config/v1alpha2/legacy/prometheuses');
    expect(collectionForKind('v1', 'Endpoints')?.name).toBe('k8s/core/v1/endpoints');
    expect(collectionForKind('apps/v1', 'Deployment')).toBeUndefined();
    expect(collectionByName('istio/authentication/v1alpha1/meshpolicies')?.clusterScoped).toBe(true);
    for (const name of PILOT_COLLECTIONS) expect(collectionByName(name)).toBeDefined();
  });
});
