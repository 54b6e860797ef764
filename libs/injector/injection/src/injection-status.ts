import type { SidecarSpec } from './sidecar-spec';

// The sidecar.istio.io/status annotation: what was injected, so a later injection (or removal)
// knows which containers and volumes belong to Istio.

export interface InjectionStatus {
  readonly version: string;
  readonly initContainers: readonly string[] | null;
  readonly containers: readonly string[] | null;
  readonly volumes: readonly string[] | null;
  readonly imagePullSecrets: readonly string[] | null;
}

/** Names pre-dating the status annotation, assumed when a pod carries none (webhook.go). */
export const LEGACY_INJECTION_STATUS: InjectionStatus = Object.freeze({
  version: '',
  initContainers: ['istio-init', 'enable-core-dump'],
  containers: ['istio-proxy'],
  volumes: ['istio-certs', 'istio-envoy'],
  imagePullSecrets: null,
});

const namesOf = (items: readonly { name: string }[]): string[] | null => (items.length === 0 ? null : items.map((item) => item.name));

export function injectionStatusOf(sidecar: SidecarSpec, version: string): InjectionStatus {
  return {
    version,
    initContainers: namesOf(sidecar.initContainers),
    containers: namesOf(sidecar.containers),
    volumes: namesOf(sidecar.volumes),
    imagePullSecrets: namesOf(sidecar.imagePullSecrets),
  };
}

/** The annotation value, with keys in Istio's order and Go's `null` for empty lists. */
export function formatInjectionStatus(status: InjectionStatus): string {
  const { version, initContainers, containers, volumes, imagePullSecrets } = status;
  return JSON.stringify({ version, initContainers, containers, volumes, imagePullSecrets });
}

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') && value.length > 0 ? value : null;
}

/** Parses a pod's status annotation; a missing, unreadable or empty one means the legacy names. */
export function parseInjectionStatus(annotation: string | undefined): InjectionStatus {
  if (annotation === undefined) return LEGACY_INJECTION_STATUS;
  try {
    const raw = JSON.parse(annotation) as Record<string, unknown>;
    const status: InjectionStatus = {
      version: typeof raw['version'] === 'string' ? raw['version'] : '',
      initContainers: stringList(raw['initContainers']),
      containers: stringList(raw['containers']),
      volumes: stringList(raw['volumes']),
      imagePullSecrets: stringList(raw['imagePullSecrets']),
    };
    const { initContainers, containers, volumes, imagePullSecrets } = status;
    return initContainers || containers || volumes || imagePullSecrets ? status : LEGACY_INJECTION_STATUS;
  } catch {
    return LEGACY_INJECTION_STATUS;
  }
}
