import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as protobuf from 'protobufjs';
import { parseAllDocuments } from 'yaml';
import { isMeshError } from '@tsmesh/shared-errors';
import {
  decodeKubernetesSpec,
  encodeKubernetesSpec,
  isKubernetesTypedKind,
  KUBERNETES_TYPED_KINDS,
  kubernetesBodyFromSpec,
  kubernetesSpecFromBody,
  type KubernetesKind,
} from './kubernetes-kinds';
import { isTypedKind } from './typed-kinds';

const SAMPLES = process.env['ISTIO_SAMPLES'] ?? resolve(__dirname, '../../../../../../shared/istio-samples');
const PROTO_ROOT = resolve(__dirname, '../../../../../proto');
type Obj = Record<string, unknown>;

function objects(path: string): Obj[] {
  return parseAllDocuments(readFileSync(join(SAMPLES, path), 'utf8'))
    .map((doc) => doc.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null && typeof o === 'object');
}
const ofKind = (list: Obj[], kind: string) => list.filter((o) => o['kind'] === kind);
/** Galley's McpResource body: the object minus metadata (and the type header). */
const bodyOf = (o: Obj): Obj => Object.fromEntries(Object.entries(o).filter(([k]) => !['apiVersion', 'kind', 'metadata'].includes(k)));

/** A second, independent reader of the bytes: protobufjs over the same .proto files. */
const reference = new protobuf.Root();
reference.resolvePath = (_origin, target) => join(PROTO_ROOT, target);
reference.loadSync('k8s/io/api/core/v1/core.proto', { keepCase: true });
function referenceDecode(kind: KubernetesKind, bytes: Uint8Array): Obj {
  const name = KUBERNETES_TYPED_KINDS[kind].typeUrl.replace('type.googleapis.com/', '');
  const type = reference.lookupType(name);
  return type.toObject(type.decode(bytes), { longs: String, defaults: false }) as Obj;
}

function roundTrip<K extends KubernetesKind>(kind: K, body: Obj, metadata?: Obj) {
  const message = kubernetesSpecFromBody(kind, body, metadata);
  const bytes = encodeKubernetesSpec(kind, message);
  return { message, bytes, back: decodeKubernetesSpec(kind, bytes), wire: referenceDecode(kind, bytes) };
}

const SYNTHETIC = objects('galley/testdata/conversion/dataset/networking.istio.io/v1alpha3/synthetic/serviceEntry.yaml');

describe('Kubernetes typed kinds', () => {
  it('uses the type URLs Istio 1.2 galley sends, and stays out of TYPED_KINDS for now', () => {
    expect(KUBERNETES_TYPED_KINDS.Service.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.ServiceSpec');
    expect(KUBERNETES_TYPED_KINDS.Endpoints.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.Endpoints');
    expect(KUBERNETES_TYPED_KINDS.Pod.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.Pod');
    expect(KUBERNETES_TYPED_KINDS.Namespace.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.NamespaceSpec');
    expect(KUBERNETES_TYPED_KINDS.Node.typeUrl).toBe('type.googleapis.com/k8s.io.api.core.v1.NodeSpec');
    expect(isKubernetesTypedKind('Service')).toBe(true);
    expect(isKubernetesTypedKind('VirtualService')).toBe(false);
    expect(isTypedKind('Service')).toBe(false);
  });

  it.each(['samples/bookinfo/platform/kube/bookinfo.yaml', 'samples/helloworld/helloworld.yaml', 'samples/httpbin/httpbin.yaml'])(
    'round-trips every Service of %s through ServiceSpec bytes back to the same body',
    (file) => {
      const services = ofKind(objects(file), 'Service');
      expect(services.length).toBeGreaterThan(0);
      for (const service of services) {
        const body = bodyOf(service);
        const { message, back, wire } = roundTrip('Service', body);
        expect(back).toEqual(message);
        expect(kubernetesBodyFromSpec('Service', back)).toEqual(body);
        const spec = body['spec'] as { ports: Array<{ port: number; name?: string }>; selector: Obj };
        expect(wire['selector']).toEqual(spec.selector);
        expect((wire['ports'] as Obj[]).map((p) => p['port'])).toEqual(spec.ports.map((p) => p.port));
      }
    },
  );

  it('writes targetPort as Kubernetes IntOrString: a number as intVal, a name as type 1 + strVal', () => {
    const httpbin = ofKind(objects('samples/httpbin/httpbin.yaml'), 'Service')[0] as Obj;
    expect((roundTrip('Service', bodyOf(httpbin)).wire['ports'] as Obj[])[0]?.['targetPort']).toEqual({ intVal: 80 });
    const named = { spec: { ports: [{ name: 'http', port: 80, targetPort: 'http-web' }], selector: { app: 'web' }, clusterIP: 'None' } };
    const { wire, back } = roundTrip('Service', named);
    expect((wire['ports'] as Obj[])[0]?.['targetPort']).toEqual({ type: '1', strVal: 'http-web' });
    expect(wire['clusterIP']).toBe('None');
    expect(kubernetesBodyFromSpec('Service', back)).toEqual(named);
  });

  it('reads bytes written by the reference encoder, with fields it does not declare skipped', () => {
    const type = reference.lookupType('k8s.io.api.core.v1.ServicePort');
    const port = type.encode(type.fromObject({ name: 'grpc', port: 15010, targetPort: { type: 1, strVal: 'grpc' }, nodePort: 31400 })).finish();
    // Field 6 (appProtocol in newer Kubernetes) is unknown to our subset and must be skipped.
    const withUnknown = Buffer.concat([Buffer.from([0x0a, port.length]), port, Buffer.from([0x32, 0x04]), Buffer.from('grpc'), Buffer.from([0x1a, 0x04]), Buffer.from('None')]);
    const spec = decodeKubernetesSpec('Service', withUnknown);
    expect(spec.ports[0]).toMatchObject({ name: 'grpc', port: 15010, nodePort: 31400, targetPort: { type: '1', strVal: 'grpc' } });
    expect(spec.clusterIP).toBe('None');
  });

  it('round-trips the Istio 1.2 galley Endpoints dataset, metadata and targetRefs included', () => {
    const endpoints = ofKind(SYNTHETIC, 'Endpoints')[0] as Obj;
    const metadata = endpoints['metadata'] as Obj;
    const { back, wire } = roundTrip('Endpoints', bodyOf(endpoints), metadata);
    expect(kubernetesBodyFromSpec('Endpoints', back)).toEqual(bodyOf(endpoints));
    expect(back.metadata?.labels).toEqual(metadata['labels']);
    const wireMeta = wire['metadata'] as Obj;
    expect(wireMeta['resourceVersion']).toBe('50573380');
    expect(wireMeta['creationTimestamp']).toEqual({ seconds: String(Date.parse('2018-02-12T15:48:44Z') / 1000) });
    const address = ((wire['subsets'] as Obj[])[0]?.['addresses'] as Obj[])[1];
    expect(address).toEqual({
      ip: '10.40.1.4',
      nodeName: 'gke-istio-test-default-pool-866a0405-ftch',
      targetRef: { kind: 'Pod', name: 'kube-dns-548976df6c-d9kkv', resourceVersion: '50572715', uid: 'dd4bbbd4-f71c-11e8-af4f-42010a800072' },
    });
  });

  it('carries the Pod fields pilot and mixer read, from the galley dataset and a bookinfo template', () => {
    const pod = ofKind(SYNTHETIC, 'Pod')[1] as Obj;
    const { back, wire } = roundTrip('Pod', bodyOf(pod), pod['metadata'] as Obj);
    expect(back.spec).toMatchObject({ serviceAccountName: 'kube-dns', serviceAccount: 'kube-dns', nodeName: 'gke-istio-test-default-pool-866a0405-ftch' });
    expect(back.spec?.containers.map((c) => c.name)).toEqual(['kubedns', 'dnsmasq', 'sidecar', 'prometheus-to-sd']);
    expect(back.metadata?.ownerReferences[0]).toMatchObject({ kind: 'ReplicaSet', controller: true, blockOwnerDeletion: true });
    const status = wire['status'] as Obj;
    expect(status).toMatchObject({ phase: 'Running', hostIP: '10.128.0.5', podIP: '10.40.1.4' });
    const conditions = status['conditions'] as Obj[];
    expect(conditions[2]).toEqual({ type: 'ContainersReady', status: 'True' });
    const out = kubernetesBodyFromSpec('Pod', back) as { status: { conditions: Obj[] } };
    expect(out.status.conditions[0]).toEqual({ type: 'Initialized', status: 'True', lastTransitionTime: '2018-12-03T17:00:00Z' });

    const deployment = ofKind(objects('samples/bookinfo/platform/kube/bookinfo.yaml'), 'Deployment')[0] as { spec: { template: Obj } };
    const template = deployment.spec.template;
    const fromTemplate = roundTrip('Pod', { spec: template['spec'] }, template['metadata'] as Obj);
    expect(fromTemplate.back.metadata?.labels).toEqual({ app: 'details', version: 'v1' });
    expect(fromTemplate.wire['spec']).toMatchObject({ containers: [{ name: 'details', ports: [{ containerPort: 9080 }] }] });
  });

  it('sends only the spec for Namespace and Node, as the galley conversion dataset expects', () => {
    const namespace = objects('galley/testdata/conversion/dataset/core/v1/namespace.yaml')[0] as Obj;
    const ns = roundTrip('Namespace', bodyOf(namespace));
    expect(ns.wire).toEqual({ finalizers: ['kubernetes'] });
    expect(kubernetesBodyFromSpec('Namespace', ns.back)).toEqual({ spec: { finalizers: ['kubernetes'] } });

    const node = ofKind(SYNTHETIC, 'Node')[0] as Obj;
    const nd = roundTrip('Node', bodyOf(node));
    expect(nd.wire).toEqual({ podCIDR: '10.40.0.0/24', providerID: 'gce://nathanmittler-istio-test/us-central1-a/gke-istio-test-default-pool-866a0405-420r' });
    expect(roundTrip('Node', { spec: { unschedulable: true } }).wire).toEqual({ unschedulable: true });
  });

  it('rejects values Kubernetes JSON could not hold, naming the field', () => {
    const badPort = () => kubernetesSpecFromBody('Service', { spec: { ports: [{ port: 80, targetPort: true }] } });
    expect(badPort).toThrow(expect.objectContaining({ field: 'spec.ports[0].targetPort' }));
    let caught: unknown;
    try {
      kubernetesSpecFromBody('Pod', {}, { name: 'p', creationTimestamp: 'yesterday' });
    } catch (err) {
      caught = err;
    }
    expect(isMeshError(caught)).toBe(true);
    expect(() => kubernetesSpecFromBody('Namespace', { spec: 'x' })).toThrow('must be an object');
  });
});
