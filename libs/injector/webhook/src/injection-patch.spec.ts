import { parse as parseYaml } from 'yaml';
import { readSample } from '@tsmesh/injector-golden-data';
import {
  applySidecarToPod,
  createInjectorConfig,
  parseInjectionStatus,
  parseInjectionValues,
  parseMeshConfig,
  renderInjection,
  sdsTokenMountEnabled,
  type InjectorConfig,
  type Pod,
} from '@tsmesh/injector-injection';
import { reviewAdmission } from './admission-handler';
import { applyJsonPatch, type JsonPatchOperation } from '@tsmesh/shared-admission';

// The webhook's patch, applied to the original pod, must give exactly the pod kube-inject
// would write (applySidecarToPod). Pods come from real data: the kubewarden admission payloads
// (v1 pods captured from an API server) and Istio's inject inputs turned into pods.

const KUBEWARDEN = 'other-repos/kubewarden-pod-privileged-policy/test_data/';
const INJECT = 'pilot/pkg/kube/inject/testdata/inject/';

function podFromWorkload(path: string, extra: (pod: Pod) => void = () => undefined): Pod {
  const workload = parseYaml(readSample(path)) as { kind: string; spec: { template: Pod } };
  const pod: Pod = workload.kind === 'Pod' ? (workload as unknown as Pod) : { apiVersion: 'v1', kind: 'Pod', ...workload.spec.template };
  pod.metadata = { name: 'sample', namespace: 'default', ...(pod.metadata ?? {}) };
  extra(pod);
  return pod;
}

const pods: [string, Pod][] = [
  ['kubewarden no_privileged_containers (SA token mount, annotations with "/")', (JSON.parse(readSample(`${KUBEWARDEN}no_privileged_containers.json`)) as { object: Pod }).object],
  ['kubewarden privileged_container', (JSON.parse(readSample(`${KUBEWARDEN}privileged_container.json`)) as { object: Pod }).object],
  ['hello', podFromWorkload(`${INJECT}hello.yaml`)],
  ['multi-init', podFromWorkload(`${INJECT}multi-init.yaml`)],
  ['statefulset (volumes, service account)', podFromWorkload(`${INJECT}statefulset.yaml`, (pod) => (pod.spec.serviceAccountName = 'hello-sa'))],
  ['traffic-annotations', podFromWorkload(`${INJECT}traffic-annotations.yaml`)],
  ['status_annotations', podFromWorkload(`${INJECT}status_annotations.yaml`)],
  [
    'probes rewritten by annotation',
    podFromWorkload(`${INJECT}app_probe/hello-probes.yaml`, (pod) => (pod.metadata = { ...pod.metadata, annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' } })),
  ],
  [
    'legacy sidecar left over (removed, then re-added)',
    podFromWorkload(`${INJECT}hello.yaml`, (pod) => {
      pod.spec.containers.unshift({ name: 'istio-proxy', image: 'old' });
      pod.spec.volumes = [{ name: 'istio-envoy', emptyDir: {} }, { name: 'data', emptyDir: {} }];
    }),
  ],
  [
    'annotation keys needing pointer escapes',
    podFromWorkload(`${INJECT}hello.yaml`, (pod) => (pod.metadata = { ...pod.metadata, annotations: { 'a/b~c': 'x', 'sidecar.istio.io/userVolume': '{"extra":{"emptyDir":{}}}' } })),
  ],
];

const configs: [string, InjectorConfig][] = [
  ['defaults', createInjectorConfig()],
  [
    'SDS, DNS search, pull policy Always',
    createInjectorConfig({
      values: parseInjectionValues({ global: { imagePullPolicy: 'Always', sds: { enabled: true, useTrustworthyJwt: true }, podDNSSearchNamespaces: ['global'] } }),
      mesh: parseMeshConfig({ sdsUdsPath: 'unix:/var/run/sds/uds_path', enableSdsTokenMount: true }),
    }),
  ],
];

describe('webhook patch reproduces the injected pod', () => {
  describe.each(configs)('config: %s', (_name, config) => {
    it.each(pods)('%s', (_label, pod) => {
      const outcome = reviewAdmission({ apiVersion: 'admission.k8s.io/v1', request: { uid: 'u', namespace: 'default', operation: 'CREATE', object: pod } }, { config });
      expect(outcome.result).toBe('injected');
      const patch = JSON.parse(Buffer.from(outcome.review.response.patch as string, 'base64').toString()) as JsonPatchOperation[];
      const meta = { ...pod.metadata, namespace: pod.metadata?.namespace || 'default' };
      const { sidecar, statusAnnotation } = renderInjection(config, { ...pod, metadata: meta }, meta);
      const expected = applySidecarToPod(pod, sidecar, statusAnnotation, {
        previous: parseInjectionStatus(pod.metadata?.annotations?.['sidecar.istio.io/status']),
        sdsTokenMount: sdsTokenMountEnabled(config),
      });
      expect(applyJsonPatch(pod, patch)).toEqual(expected);
    });
  });

  it('copies the service-account token mount into istio-proxy (kubewarden pod)', () => {
    const pod = (pods[0] as [string, Pod])[1];
    const outcome = reviewAdmission({ apiVersion: 'admission.k8s.io/v1', request: { uid: 'u', object: pod } }, { config: createInjectorConfig() });
    const patched = applyJsonPatch(pod, JSON.parse(Buffer.from(outcome.review.response.patch as string, 'base64').toString()) as JsonPatchOperation[]);
    const proxy = patched.spec.containers.find((container) => container.name === 'istio-proxy');
    expect(proxy?.volumeMounts?.map((mount) => mount.mountPath)).toEqual(['/etc/istio/proxy', '/etc/certs/', '/var/run/secrets/kubernetes.io/serviceaccount']);
    expect(patched.spec.volumes?.map((volume) => volume.name)).toEqual(['default-token-pvpz7', 'istio-envoy', 'istio-certs']);
  });

  it('escapes the status annotation key in the patch path (RFC 6901)', () => {
    const pod = (pods[9] as [string, Pod])[1];
    const outcome = reviewAdmission({ apiVersion: 'admission.k8s.io/v1', request: { uid: 'u', object: pod } }, { config: createInjectorConfig() });
    const patch = JSON.parse(Buffer.from(outcome.review.response.patch as string, 'base64').toString()) as JsonPatchOperation[];
    expect(patch.at(-1)).toMatchObject({ op: 'add', path: '/metadata/annotations/sidecar.istio.io~1status' });
  });
});
