import { BadRequestError, isMeshError, type MeshError } from '@tsmesh/shared-errors';
import { admissionReviewResponse, parseAdmissionReview } from './admission-review';

describe('parseAdmissionReview', () => {
  it.each(['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'])('accepts %s', (apiVersion) => {
    const review = parseAdmissionReview({ apiVersion, kind: 'AdmissionReview', request: { uid: 'abc', object: {} } });
    expect(review.apiVersion).toBe(apiVersion);
    expect(review.request.uid).toBe('abc');
  });

  it.each([
    ['a JSON array', [], /JSON object/],
    ['another kind', { apiVersion: 'admission.k8s.io/v1', kind: 'Pod' }, /not an AdmissionReview/],
    ['an unknown version', { apiVersion: 'admission.k8s.io/v2', kind: 'AdmissionReview', request: { uid: 'a' } }, /unsupported apiVersion/],
    ['no request', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }, /has no request/],
    ['no uid', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: {} }, /request.uid/],
    ['a non-string namespace', { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'a', namespace: 3 } }, /namespace/],
  ])('rejects %s with a 400', (_name, body, message) => {
    let thrown: unknown;
    try {
      parseAdmissionReview(body);
    } catch (error) {
      thrown = error;
    }
    expect(isMeshError(thrown, BadRequestError)).toBe(true);
    expect((thrown as MeshError).httpStatus).toBe(400);
    expect((thrown as Error).message).toMatch(message);
  });
});

describe('admissionReviewResponse', () => {
  const review = parseAdmissionReview({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'u1' } });

  it('answers with the request version, its uid and a base64 JSON patch', () => {
    const out = admissionReviewResponse(review, { patch: [{ op: 'add', path: '/x', value: 1 }] });
    expect(out).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: { uid: 'u1', allowed: true, patchType: 'JSONPatch', patch: Buffer.from('[{"op":"add","path":"/x","value":1}]').toString('base64') },
    });
  });

  it('allows without a patch and carries a message when injection failed', () => {
    expect(admissionReviewResponse(review, { message: 'why' }).response).toEqual({ uid: 'u1', allowed: true, status: { message: 'why' } });
  });
});
