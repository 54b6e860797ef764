import {
  Annotation,
  dumpAppProbers,
  probeRewritePort,
  PROXY_CONTAINER_NAME,
  rewriteProbes,
  sidecarContainersFor,
  withoutPreviousInjection,
  withResources,
  type ApplySidecarOptions,
  type Container,
  type InjectionStatus,
  type PodTemplate,
  type SidecarSpec,
} from '@tsmesh/injector-injection';
import { pointer, type JsonPatchOperation } from '@tsmesh/shared-admission';

// The JSON patch Istio 1.2's webhook answers with (webhook.go createPatch): remove what an
// earlier injection left, append init containers, containers, volumes and pull secrets, set
// the status annotation, then redirect HTTP probes. Applying it to the original pod yields
// applySidecarToPod's result; a test holds the two together.

type Named = { readonly name: string };

function removeNamed(items: readonly Named[] | undefined, names: readonly string[] | null, base: string): JsonPatchOperation[] {
  const ops: JsonPatchOperation[] = [];
  const list = items ?? [];
  // Highest index first, so each removal leaves the remaining indices valid.
  for (let index = list.length - 1; index >= 0; index -= 1) {
    if ((names ?? []).includes((list[index] as Named).name)) ops.push({ op: 'remove', path: `${base}/${index}` });
  }
  return ops;
}

/** Adds to a list: the first add creates it when the pod had none, later ones append with "/-". */
function appendAll(existing: readonly unknown[] | undefined, added: readonly unknown[], base: string): JsonPatchOperation[] {
  let create = (existing ?? []).length === 0;
  return added.map((value) => {
    if (create) {
      create = false;
      return { op: 'add', path: base, value: [value] };
    }
    return { op: 'add', path: `${base}/-`, value };
  });
}

function statusAnnotationOp(pod: PodTemplate, value: string): JsonPatchOperation {
  const annotations = pod.metadata?.annotations;
  if (annotations === undefined) return { op: 'add', path: '/metadata/annotations', value: { [Annotation.status]: value } };
  const op = (annotations[Annotation.status] ?? '') !== '' ? 'replace' : 'add';
  return { op, path: pointer('metadata', 'annotations', Annotation.status), value };
}

function probeOps(containers: readonly Container[], statusPort: number): JsonPatchOperation[] {
  return containers.flatMap((container, index): JsonPatchOperation[] => {
    if (container.name === PROXY_CONTAINER_NAME) return [];
    const rewritten = rewriteProbes(container, statusPort);
    const ops: JsonPatchOperation[] = [];
    if (container.readinessProbe?.httpGet && rewritten.readinessProbe?.httpGet) {
      ops.push({ op: 'replace', path: `/spec/containers/${index}/readinessProbe/httpGet`, value: rewritten.readinessProbe.httpGet });
    }
    if (container.livenessProbe?.httpGet && rewritten.livenessProbe?.httpGet) {
      ops.push({ op: 'replace', path: `/spec/containers/${index}/livenessProbe/httpGet`, value: rewritten.livenessProbe.httpGet });
    }
    return ops;
  });
}

export interface InjectionPatchOptions extends ApplySidecarOptions {
  /** Names of an earlier injection to remove; Istio assumes the legacy names when unannotated. */
  readonly previous: InjectionStatus;
}

export function createInjectionPatch(pod: PodTemplate, sidecar: SidecarSpec, statusAnnotation: string, options: InjectionPatchOptions): JsonPatchOperation[] {
  const { previous } = options;
  const spec = pod.spec;
  const remaining = withoutPreviousInjection(pod, previous);
  const statusPort = probeRewritePort(pod, sidecar);
  const probers = statusPort === undefined ? undefined : dumpAppProbers(remaining.spec.containers);
  const initContainers = sidecar.initContainers.map(withResources);
  const patch: JsonPatchOperation[] = [
    ...removeNamed(spec.initContainers, previous.initContainers, '/spec/initContainers'),
    ...removeNamed(spec.containers, previous.containers, '/spec/containers'),
    ...removeNamed(spec.volumes, previous.volumes, '/spec/volumes'),
    ...removeNamed(spec.imagePullSecrets, previous.imagePullSecrets, '/spec/imagePullSecrets'),
    ...appendAll(spec.initContainers, initContainers, '/spec/initContainers'),
    ...appendAll(spec.containers, sidecarContainersFor(remaining, sidecar, probers), '/spec/containers'),
    ...appendAll(spec.volumes, sidecar.volumes, '/spec/volumes'),
    ...appendAll(spec.imagePullSecrets, sidecar.imagePullSecrets, '/spec/imagePullSecrets'),
  ];
  if (sidecar.dnsConfig) patch.push({ op: 'add', path: '/spec/dnsConfig', value: sidecar.dnsConfig });
  if (options.sdsTokenMount) patch.push({ op: 'add', path: '/spec/securityContext', value: { fsGroup: 1337 } });
  patch.push(statusAnnotationOp(pod, statusAnnotation));
  // Probe indices are those after the removals above, so each replace hits the app container.
  if (statusPort !== undefined) patch.push(...probeOps(remaining.spec.containers, statusPort));
  return patch;
}
