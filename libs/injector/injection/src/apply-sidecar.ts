import { Annotation } from './annotations';
import { convertAppProber, dumpAppProbers, extractStatusPort, findSidecar, KUBE_APP_PROBERS_ENV, proberPaths, shouldRewriteAppHTTPProbers } from './app-probe';
import type { InjectionStatus } from './injection-status';
import type { Container, PodTemplate, VolumeMount } from './kube-types';
import type { SidecarSpec } from './sidecar-spec';
import { PROXY_CONTAINER_NAME } from './traffic-ports';

// Applies a rendered sidecar to a pod. This is the single definition of "the injected pod":
// `kube-inject` writes its result, and the webhook's JSON patch must turn the original pod into
// exactly the same object (a test holds the two together).

export const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface ApplySidecarOptions {
  /** Containers/volumes of an earlier injection to remove first (the webhook's re-injection). */
  readonly previous?: InjectionStatus;
  /** Mesh asks for SDS token mounts: the pod then runs with fsGroup 1337 (k8s issue 57923). */
  readonly sdsTokenMount?: boolean;
}

const withoutNames = <T extends { name: string }>(items: readonly T[] | undefined, names: readonly string[] | null): T[] =>
  (items ?? []).filter((item) => !(names ?? []).includes(item.name));

/** Go serialises a container's resources even when empty; keep the same shape. */
export const withResources = (container: Container): Container => ({ ...container, resources: container.resources ?? {} });

/** The sidecar's containers as they are added: SA token mount copied in, prober env appended. */
export function sidecarContainersFor(pod: PodTemplate, sidecar: SidecarSpec, probers: string | undefined): Container[] {
  const tokenMount = pod.spec.containers
    .flatMap((container) => container.volumeMounts ?? [])
    .filter((mount: VolumeMount) => mount.mountPath === SERVICE_ACCOUNT_TOKEN_PATH)
    .at(-1);
  return sidecar.containers.map((container) => {
    if (container.name !== PROXY_CONTAINER_NAME) return withResources(container);
    const mounts = tokenMount ? [...(container.volumeMounts ?? []), tokenMount] : container.volumeMounts;
    const env = probers === undefined ? container.env : [...(container.env ?? []), { name: KUBE_APP_PROBERS_ENV, value: probers }];
    return withResources({ ...container, ...(mounts && { volumeMounts: mounts }), ...(env && { env }) });
  });
}

/** The status port to redirect probes to, or undefined when probes stay as they are. */
export function probeRewritePort(pod: PodTemplate, sidecar: SidecarSpec): number | undefined {
  if (!shouldRewriteAppHTTPProbers(pod.metadata?.annotations, sidecar)) return undefined;
  const proxy = findSidecar(sidecar.containers);
  return proxy ? extractStatusPort(proxy) : undefined;
}

/** The app container with its HTTP probes pointed at the agent. */
export function rewriteProbes(container: Container, statusPort: number): Container {
  const { readyz, livez } = proberPaths(container.name);
  const readiness = convertAppProber(container.readinessProbe, readyz, statusPort);
  const liveness = convertAppProber(container.livenessProbe, livez, statusPort);
  return {
    ...container,
    ...(readiness && { readinessProbe: { ...container.readinessProbe, httpGet: readiness } }),
    ...(liveness && { livenessProbe: { ...container.livenessProbe, httpGet: liveness } }),
  };
}

/** Strips an earlier injection, if asked to; the starting point of a (re-)injection. */
export function withoutPreviousInjection(pod: PodTemplate, previous: InjectionStatus | undefined): PodTemplate {
  const copy = structuredClone(pod);
  if (!previous) return copy;
  const spec = copy.spec;
  spec.containers = withoutNames(spec.containers, previous.containers);
  if (spec.initContainers) spec.initContainers = withoutNames(spec.initContainers, previous.initContainers);
  if (spec.volumes) spec.volumes = withoutNames(spec.volumes, previous.volumes);
  if (spec.imagePullSecrets) spec.imagePullSecrets = withoutNames(spec.imagePullSecrets, previous.imagePullSecrets);
  return copy;
}

export function applySidecarToPod(pod: PodTemplate, sidecar: SidecarSpec, statusAnnotation: string, options: ApplySidecarOptions = {}): PodTemplate {
  const out = withoutPreviousInjection(pod, options.previous);
  const spec = out.spec;
  spec.containers = spec.containers ?? [];
  const statusPort = probeRewritePort(out, sidecar);
  const probers = statusPort === undefined ? undefined : dumpAppProbers(spec.containers);
  const appContainers = statusPort === undefined ? spec.containers : spec.containers.map((c) => (c.name === PROXY_CONTAINER_NAME ? c : rewriteProbes(c, statusPort)));
  const added = sidecarContainersFor(out, sidecar, probers);
  if (sidecar.initContainers.length > 0) spec.initContainers = [...(spec.initContainers ?? []), ...sidecar.initContainers.map(withResources)];
  spec.containers = [...appContainers, ...added];
  if (sidecar.volumes.length > 0) spec.volumes = [...(spec.volumes ?? []), ...sidecar.volumes];
  if (sidecar.imagePullSecrets.length > 0) spec.imagePullSecrets = [...(spec.imagePullSecrets ?? []), ...sidecar.imagePullSecrets];
  if (sidecar.dnsConfig) spec.dnsConfig = structuredClone(sidecar.dnsConfig);
  if (options.sdsTokenMount) spec.securityContext = { fsGroup: 1337 };
  out.metadata = { ...(out.metadata ?? {}), annotations: { ...(out.metadata?.annotations ?? {}), [Annotation.status]: statusAnnotation } };
  return out;
}
