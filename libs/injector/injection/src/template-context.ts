import { Annotation } from './annotations';
import type { InjectionValues } from './injection-values';
import type { ObjectMeta, PodSpec } from './kube-types';
import type { MeshConfig, ProxyConfig } from './mesh-config';

// What Istio's injection template sees (SidecarTemplateData) and the helpers it calls. Each
// template concern (init container, proxy container, volumes) reads the pod through these, so
// "annotation wins over parameter" is decided in one place.

export interface TemplateContext {
  /** The workload's own metadata (Deployment, Job, Pod, ...): names the service cluster fallback. */
  readonly deploymentMeta: ObjectMeta;
  /** The pod (template) metadata: labels and annotations that steer injection. */
  readonly meta: ObjectMeta;
  readonly spec: PodSpec;
  readonly values: InjectionValues;
  readonly mesh: MeshConfig;
}

export function proxyConfigOf(context: TemplateContext): ProxyConfig {
  return context.mesh.defaultConfig;
}

/** The annotation's value when present (even empty), else the default printed as text. */
export function annotationOr(context: TemplateContext, name: string, fallback: string | number | boolean): string {
  const annotations = context.meta.annotations ?? {};
  return Object.hasOwn(annotations, name) ? (annotations[name] as string) : String(fallback);
}

export function hasAnnotation(context: TemplateContext, name: string): boolean {
  return Object.hasOwn(context.meta.annotations ?? {}, name);
}

/** Interception mode after the per-pod annotation. */
export function interceptionMode(context: TemplateContext): string {
  return annotationOr(context, Annotation.interceptionMode, proxyConfigOf(context).interceptionMode);
}

/** Status port as text ("0" disables the health endpoint and the readiness probe). */
export function statusPortText(context: TemplateContext): string {
  return annotationOr(context, Annotation.statusPort, context.values.statusPort);
}

/** Image reference: a value with a "/" is already complete, else it is hub/name:tag. */
export function imageRef(values: InjectionValues, image: string): string {
  return image.includes('/') ? image : `${values.hub}/${image}:${values.tag}`;
}

/** A number-looking string becomes a number, like an unquoted YAML scalar in the template. */
export function intOrString(text: string): number | string {
  return /^-?\d+$/.test(text.trim()) ? Number(text) : text;
}
