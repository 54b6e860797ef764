import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AdmissionReviewRequest } from '@tsmesh/shared-admission';
import { parse } from 'yaml';
import { reviewConfigAdmission } from './admission';

const SAMPLES = process.env['ISTIO_SAMPLES'] ?? join(__dirname, '../../../../../shared/istio-samples');
const sample = (name: string) => parse(readFileSync(join(SAMPLES, 'tests/e2e/tests/galley/testdata', name), 'utf8')) as Record<string, unknown>;
const review = (object: unknown, operation = 'CREATE'): AdmissionReviewRequest => ({ apiVersion: 'admission.k8s.io/v1beta1', request: { uid: 'u1', namespace: 'default', operation, object } });

describe('galley validating webhook', () => {
  it('admits Istio 1.2 valid config on /admitpilot', () => {
    const res = reviewConfigAdmission('/admitpilot', review(sample('networking-v1alpha3-VirtualService-valid.yaml')));
    expect(res.response).toMatchObject({ uid: 'u1', allowed: true });
  });

  it('denies Istio 1.2 invalid config with the resource and field path', () => {
    const res = reviewConfigAdmission('/admitpilot', review(sample('networking-v1alpha3-VirtualService-invalid.yaml')));
    expect(res.response.allowed).toBe(false);
    expect(res.response.status?.message).toMatch(/^configuration is invalid: VirtualService default\/.*: spec\./);
    expect(res.response.status?.code).toBe(400);
  });

  it('type-checks Mixer rules on /admitmixer', () => {
    const rule = { apiVersion: 'config.istio.io/v1alpha2', kind: 'rule', metadata: { name: 'r', namespace: 'istio-system' }, spec: { match: 'request.hedaers["x"] == "y"', actions: [] } };
    const res = reviewConfigAdmission('/admitmixer', review(rule));
    expect(res.response.allowed).toBe(false);
    expect(res.response.status?.message).toMatch(/spec\.match: column 1: .*request\.hedaers.*request\.headers/);
  });

  it('refuses kinds sent to the wrong path, and always allows deletes', () => {
    const vs = sample('networking-v1alpha3-VirtualService-valid.yaml');
    expect(reviewConfigAdmission('/admitmixer', review(vs)).response.allowed).toBe(false);
    expect(reviewConfigAdmission('/admitpilot', review(sample('networking-v1alpha3-VirtualService-invalid.yaml'), 'DELETE')).response.allowed).toBe(true);
  });
});
