import { isMeshError, describeError } from '@tsmesh/shared-errors';
import {
  Annotation,
  decodePod,
  injectionDecision,
  namespaceSelected,
  parseInjectionStatus,
  renderInjection,
  sdsTokenMountEnabled,
  type InjectorConfig,
  type ObjectMeta,
  type Pod,
} from '@tsmesh/injector-injection';
import { admissionReviewResponse, type AdmissionReviewRequest, type AdmissionReviewResponse } from '@tsmesh/shared-admission';
import { createInjectionPatch } from './injection-patch';

// The webhook's decision for one AdmissionReview (webhook.go inject): decode the pod, check the
// namespace selector and injection policy, render the sidecar and answer with a JSON patch. Every
// failure still allows the pod, with the reason in the response, so injection can never block a
// deployment.

export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>> | undefined;

export interface AdmissionDependencies {
  readonly config: InjectorConfig;
  /**
   * Labels of a namespace, to apply the istio-injection=enabled selector ourselves. Undefined
   * means "not known here": the API server's namespaceSelector already chose the namespace.
   */
  readonly namespaceLabels?: NamespaceLabels;
}

export type AdmissionResult = 'injected' | 'skipped' | 'failed';

export interface AdmissionOutcome {
  readonly review: AdmissionReviewResponse;
  readonly result: AdmissionResult;
  readonly reason: string;
  /** namespace/name of the pod, for logs ("***" stands for a name the API server generates). */
  readonly pod: string;
}

function podLabel(meta: ObjectMeta | undefined, namespace: string): string {
  const name = meta?.name || (meta?.generateName ? `${meta.generateName}***` : '');
  return `${namespace}/${name}`;
}

function reasonOf(error: unknown): string {
  if (isMeshError(error)) return error.field ? `${error.field}: ${error.message}` : error.message;
  return describeError(error);
}

export function reviewAdmission(review: AdmissionReviewRequest, deps: AdmissionDependencies): AdmissionOutcome {
  const { request } = review;
  const namespaceOfRequest = request.namespace ?? '';
  const finish = (result: AdmissionResult, reason: string, pod: string, extra: Parameters<typeof admissionReviewResponse>[1] = {}): AdmissionOutcome => ({
    review: admissionReviewResponse(review, extra),
    result,
    reason,
    pod,
  });
  if (request.operation !== undefined && request.operation !== 'CREATE') {
    return finish('skipped', `operation ${request.operation} is not injected`, `${namespaceOfRequest}/${request.name ?? ''}`);
  }
  let pod: Pod;
  try {
    pod = decodePod(request.object);
  } catch (error) {
    const reason = `could not decode the pod: ${reasonOf(error)}`;
    return finish('failed', reason, `${namespaceOfRequest}/${request.name ?? ''}`, { message: reason });
  }
  const meta: ObjectMeta = { ...(pod.metadata ?? {}) };
  if (!meta.namespace) meta.namespace = namespaceOfRequest;
  pod.metadata = meta;
  const namespace = meta.namespace ?? '';
  const label = podLabel(meta, namespace);
  const labels = deps.namespaceLabels?.(namespace);
  if (labels !== undefined && !namespaceSelected(labels)) {
    return finish('skipped', `namespace ${namespace} is not labelled istio-injection=enabled`, label);
  }
  const decision = injectionDecision(deps.config, meta, pod.spec, namespace);
  if (!decision.inject) return finish('skipped', decision.reason, label);
  try {
    const { sidecar, statusAnnotation } = renderInjection(deps.config, pod, meta);
    const previous = parseInjectionStatus(meta.annotations?.[Annotation.status]);
    const patch = createInjectionPatch(pod, sidecar, statusAnnotation, { previous, sdsTokenMount: sdsTokenMountEnabled(deps.config) });
    return finish('injected', decision.reason, label, { patch });
  } catch (error) {
    const reason = `injection failed: ${reasonOf(error)}`;
    return finish('failed', reason, label, { message: reason });
  }
}
