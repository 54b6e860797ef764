import { formatProblem, isError, parseConfigText } from '@tsmesh/galley-source';
import { type AdmissionReviewRequest, type AdmissionReviewResponse, admissionDenial, admissionReviewResponse } from '@tsmesh/shared-admission';
import { validateResource } from './validate-resource';

/** Istio 1.2 galley's webhook paths and the API groups each one admits. */
export const ADMISSION_ROUTES = {
  '/admitpilot': ['networking.istio.io', 'authentication.istio.io', 'rbac.istio.io'],
  '/admitmixer': ['config.istio.io'],
} as const;

export type AdmissionPath = keyof typeof ADMISSION_ROUTES;

/**
 * Validates the object in an AdmissionReview as galley validates files, and denies it with every
 * problem (resource and field path) when invalid. Deletes are always allowed.
 */
export function reviewConfigAdmission(path: AdmissionPath, review: AdmissionReviewRequest): AdmissionReviewResponse {
  const { request } = review;
  if (request.operation === 'DELETE') return admissionReviewResponse(review, {});
  const object = request.object as { apiVersion?: unknown; kind?: unknown; metadata?: { namespace?: unknown } } | undefined;
  const group = typeof object?.apiVersion === 'string' ? object.apiVersion.split('/')[0] ?? '' : '';
  if (!(ADMISSION_ROUTES[path] as readonly string[]).includes(group)) {
    return admissionDenial(review, `configuration is invalid: ${path} does not admit ${String(object?.apiVersion)} ${String(object?.kind)}`);
  }
  // The object's namespace may be left to the request, as kubectl does.
  const withNamespace = object?.metadata && object.metadata.namespace === undefined && request.namespace
    ? { ...object, metadata: { ...object.metadata, namespace: request.namespace } }
    : object;
  const source = `admission ${request.uid}`;
  const parsed = parseConfigText(source, JSON.stringify(withNamespace ?? null));
  const problems = [...parsed.problems, ...parsed.resources.flatMap((r) => validateResource(r, parsed.resources))];
  const errors = problems.filter(isError);
  if (parsed.resources.length === 0 && errors.length === 0) {
    return admissionDenial(review, `configuration is invalid: not a resource galley knows: ${String(object?.apiVersion)} ${String(object?.kind)}`);
  }
  if (errors.length > 0) {
    return admissionDenial(review, `configuration is invalid: ${errors.map((p) => formatProblem(p).replace(`${source}:1: `, '')).join('; ')}`);
  }
  const warnings = problems.filter((p) => !isError(p)).map((p) => formatProblem(p).replace(`${source}:1: `, ''));
  return admissionReviewResponse(review, warnings.length > 0 ? { message: warnings.join('; ') } : {});
}
