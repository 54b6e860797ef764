import { BadRequestError } from '@tsmesh/shared-errors';
import type { JsonPatchOperation } from './json-patch';

// AdmissionReview envelopes (admission.k8s.io v1beta1 and v1, identical in shape for what a
// mutating webhook reads and writes). Anything that is not a review with a request is the
// caller's mistake and gets a 400, never an admission decision.

export const ADMISSION_API_VERSIONS = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type AdmissionApiVersion = (typeof ADMISSION_API_VERSIONS)[number];

export interface AdmissionRequest {
  readonly uid: string;
  readonly kind?: { readonly group?: string; readonly version?: string; readonly kind?: string };
  readonly namespace?: string;
  readonly name?: string;
  readonly operation?: string;
  readonly object?: unknown;
  readonly dryRun?: boolean;
}

export interface AdmissionReviewRequest {
  readonly apiVersion: AdmissionApiVersion;
  readonly request: AdmissionRequest;
}

export interface AdmissionResponse {
  readonly uid: string;
  readonly allowed: boolean;
  readonly patchType?: 'JSONPatch';
  /** base64 of the JSON patch. */
  readonly patch?: string;
  /** metav1.Status: Istio's `Result`, serialised as `status`. */
  readonly status?: { readonly message: string; readonly code?: number; readonly reason?: string };
}

export interface AdmissionReviewResponse {
  readonly apiVersion: AdmissionApiVersion;
  readonly kind: 'AdmissionReview';
  readonly response: AdmissionResponse;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the envelope; throws BadRequestError (400) saying what is wrong. */
export function parseAdmissionReview(body: unknown): AdmissionReviewRequest {
  if (!isObject(body)) throw new BadRequestError('body must be a JSON object (an AdmissionReview)');
  if (body['kind'] !== 'AdmissionReview') {
    throw new BadRequestError(`not an AdmissionReview: kind is ${JSON.stringify(body['kind'] ?? null)}`, { field: 'kind' });
  }
  const apiVersion = body['apiVersion'];
  if (!(ADMISSION_API_VERSIONS as readonly unknown[]).includes(apiVersion)) {
    throw new BadRequestError(`unsupported apiVersion ${JSON.stringify(apiVersion ?? null)}; want ${ADMISSION_API_VERSIONS.join(' or ')}`, {
      field: 'apiVersion',
    });
  }
  const request = body['request'];
  if (!isObject(request)) throw new BadRequestError('AdmissionReview has no request', { field: 'request' });
  if (typeof request['uid'] !== 'string' || request['uid'] === '') {
    throw new BadRequestError('request.uid must be a non-empty string', { field: 'request.uid' });
  }
  for (const key of ['namespace', 'name', 'operation']) {
    if (request[key] !== undefined && typeof request[key] !== 'string') {
      throw new BadRequestError(`request.${key} must be a string`, { field: `request.${key}` });
    }
  }
  return { apiVersion: apiVersion as AdmissionApiVersion, request: request as unknown as AdmissionRequest };
}

/** The answer; the pod is always allowed (a failed injection must not block pod creation). */
export function admissionReviewResponse(
  review: AdmissionReviewRequest,
  outcome: { readonly patch?: readonly JsonPatchOperation[]; readonly message?: string },
): AdmissionReviewResponse {
  const response: AdmissionResponse = {
    uid: review.request.uid,
    allowed: true,
    ...(outcome.patch && { patchType: 'JSONPatch' as const, patch: Buffer.from(JSON.stringify(outcome.patch)).toString('base64') }),
    ...(outcome.message !== undefined && { status: { message: outcome.message } }),
  };
  return { apiVersion: review.apiVersion, kind: 'AdmissionReview', response };
}

/** A denial (validating webhooks): the API server rejects the object with this message. */
export function admissionDenial(review: AdmissionReviewRequest, message: string): AdmissionReviewResponse {
  return {
    apiVersion: review.apiVersion,
    kind: 'AdmissionReview',
    response: { uid: review.request.uid, allowed: false, status: { message, code: 400, reason: 'BadRequest' } },
  };
}
