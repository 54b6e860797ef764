import { Annotation } from './annotations';
import type { InjectorConfig } from './injector-config';
import type { ObjectMeta, PodSpec } from './kube-types';
import { isEmptySelector, selectorMatches } from './label-selector';

// Whether a pod gets a sidecar (Istio 1.2 injectRequired), in this order: host-network pods and
// system namespaces never; pods already carrying a sidecar status never; then the pod's
// sidecar.istio.io/inject annotation; then neverInjectSelector / alwaysInjectSelector; then the
// policy (enabled: inject unless told not to; disabled: only when asked).

export const IGNORED_NAMESPACES: readonly string[] = ['kube-system', 'kube-public'];

export interface InjectionDecision {
  readonly inject: boolean;
  /** Why, in words fit for a log line or an AdmissionResponse message. */
  readonly reason: string;
}

const YES = ['y', 'yes', 'true', 'on'];

export function injectionDecision(config: InjectorConfig, meta: ObjectMeta, spec: PodSpec, namespace = meta.namespace ?? ''): InjectionDecision {
  // iptables changes in a host-network pod would rewrite the node's routing, not the pod's.
  if (spec.hostNetwork === true) return { inject: false, reason: 'pod uses host networking' };
  if (IGNORED_NAMESPACES.includes(namespace)) return { inject: false, reason: `namespace ${namespace} is never injected` };
  const annotations = meta.annotations ?? {};
  if (Object.hasOwn(annotations, Annotation.status)) {
    return { inject: false, reason: `pod already carries ${Annotation.status}` };
  }
  const requested = (annotations[Annotation.inject] ?? '').toLowerCase();
  if (requested !== '') {
    const inject = YES.includes(requested);
    return { inject, reason: `annotation ${Annotation.inject}=${annotations[Annotation.inject]}` };
  }
  const never = config.values.neverInjectSelector.findIndex((s) => !isEmptySelector(s) && selectorMatches(s, meta.labels));
  if (never >= 0) return { inject: false, reason: `labels match neverInjectSelector[${never}]` };
  const always = config.values.alwaysInjectSelector.findIndex((s) => !isEmptySelector(s) && selectorMatches(s, meta.labels));
  if (always >= 0) return { inject: true, reason: `labels match alwaysInjectSelector[${always}]` };
  return { inject: config.policy === 'enabled', reason: `injection policy is ${config.policy}` };
}

/** The MutatingWebhookConfiguration's namespaceSelector: istio-injection=enabled. */
export const NAMESPACE_INJECTION_LABEL = 'istio-injection';

export function namespaceSelected(labels: Readonly<Record<string, string>> | undefined): boolean {
  return labels?.[NAMESPACE_INJECTION_LABEL] === 'enabled';
}
