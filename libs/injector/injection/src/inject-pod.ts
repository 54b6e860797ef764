import { applySidecarToPod } from './apply-sidecar';
import { formatInjectionStatus, injectionStatusOf } from './injection-status';
import type { InjectorConfig } from './injector-config';
import type { ObjectMeta, PodTemplate } from './kube-types';
import type { SidecarSpec } from './sidecar-spec';
import { renderSidecar } from './sidecar-template';

// One injection, start to finish, for callers that want the rendered pieces (the webhook builds
// a patch from them) or the finished pod (kube-inject writes it out).

export interface RenderedInjection {
  readonly sidecar: SidecarSpec;
  /** Value of the sidecar.istio.io/status annotation. */
  readonly statusAnnotation: string;
}

/** Renders the sidecar for a pod template; `deploymentMeta` is the owning workload's metadata. */
export function renderInjection(config: InjectorConfig, template: PodTemplate, deploymentMeta: ObjectMeta = template.metadata ?? {}): RenderedInjection {
  const sidecar = renderSidecar({ deploymentMeta, meta: template.metadata ?? {}, spec: template.spec, values: config.values, mesh: config.mesh });
  return { sidecar, statusAnnotation: formatInjectionStatus(injectionStatusOf(sidecar, config.templateVersion)) };
}

/** The injected copy of a pod template (the input is not modified). */
export function injectPodTemplate(config: InjectorConfig, template: PodTemplate, deploymentMeta?: ObjectMeta): PodTemplate {
  const { sidecar, statusAnnotation } = renderInjection(config, template, deploymentMeta);
  return applySidecarToPod(template, sidecar, statusAnnotation, { sdsTokenMount: sdsTokenMountEnabled(config) });
}

/** Istio sets fsGroup only when the mesh both mounts SDS tokens and has an SDS socket. */
export function sdsTokenMountEnabled(config: InjectorConfig): boolean {
  return config.mesh.enableSdsTokenMount && config.mesh.sdsUdsPath !== '';
}
