import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'undici';
import { readSample } from '@tsmesh/injector-golden-data';
import { createInjectorConfig, type Pod } from '@tsmesh/injector-injection';
import { applyJsonPatch, ensureDevCertificates, type JsonPatchOperation } from '@tsmesh/shared-admission';
import { INJECTOR_DEV_CERT_NAMES } from './dev-cert-names';
import { parseNamespaceLabels } from './namespace-labels';
import { startWebhookServer, type WebhookServer } from './webhook-server';

// The webhook over real HTTPS, with a dev certificate the client trusts through ca.pem, fed
// the kubewarden AdmissionRequests (real v1 Pod CREATE payloads) and a set of bad requests.

const KUBEWARDEN = 'other-repos/kubewarden-pod-privileged-policy/test_data/';
const admissionRequest = (file: string): Record<string, unknown> => JSON.parse(readSample(`${KUBEWARDEN}${file}`)) as Record<string, unknown>;
const review = (apiVersion: string, req: Record<string, unknown>): Record<string, unknown> => ({ apiVersion, kind: 'AdmissionReview', request: req });
/** What the server answers: a review, or an error body. */
interface Body {
  readonly apiVersion?: string;
  readonly response?: { readonly uid: string; readonly allowed: boolean; readonly patch?: string; readonly patchType?: string; readonly status?: { readonly message: string } };
  readonly code?: string;
  readonly message?: string;
}
const silentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

let dir: string;
let agent: Agent;
const servers: WebhookServer[] = [];

async function start(extra: Partial<Parameters<typeof startWebhookServer>[0]> = {}): Promise<string> {
  const certs = await ensureDevCertificates(dir, INJECTOR_DEV_CERT_NAMES);
  const server = await startWebhookServer({ host: '127.0.0.1', port: 0, tls: certs, config: createInjectorConfig(), log: silentLog, ...extra });
  servers.push(server);
  return `https://127.0.0.1:${server.port}`;
}

async function post(base: string, body: string | Buffer, contentType = 'application/json') {
  const response = await request(`${base}/inject`, { method: 'POST', headers: { 'content-type': contentType }, body, dispatcher: agent });
  const text = await response.body.text();
  return { status: response.statusCode, json: text ? (JSON.parse(text) as Body) : undefined };
}

const patchOf = (response: Body['response']): JsonPatchOperation[] =>
  JSON.parse(Buffer.from(response?.patch ?? '', 'base64').toString('utf8')) as JsonPatchOperation[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'injector-webhook-'));
  const certs = await ensureDevCertificates(dir, INJECTOR_DEV_CERT_NAMES);
  agent = new Agent({ connect: { ca: await readFile(certs.caFile, 'utf8') } });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await agent.close();
  await rm(dir, { recursive: true, force: true });
});

describe('webhook server over HTTPS', () => {
  let base: string;
  beforeAll(async () => {
    base = await start();
  });

  it('serves readiness', async () => {
    const response = await request(`${base}/healthz/ready`, { dispatcher: agent });
    expect(response.statusCode).toBe(200);
    expect(await response.body.json()).toEqual({ status: 'ready' });
  });

  it.each([
    ['admission.k8s.io/v1', 'no_privileged_containers.json'],
    ['admission.k8s.io/v1beta1', 'privileged_container.json'],
  ])('injects a real %s Pod CREATE (%s)', async (apiVersion, file) => {
    const req = admissionRequest(file);
    const { status, json } = await post(base, JSON.stringify(review(apiVersion, req)));
    expect(status).toBe(200);
    expect(json).toMatchObject({ apiVersion, kind: 'AdmissionReview', response: { uid: req['uid'], allowed: true, patchType: 'JSONPatch' } });
    const pod = applyJsonPatch(req['object'] as Pod, patchOf(json?.response));
    expect(pod.spec.containers.map((c) => c.name)).toEqual(['sleeping-sidecar', 'nginx', 'istio-proxy']);
    expect(pod.spec.initContainers?.map((c) => c.name)).toEqual(['istio-init']);
    expect(pod.metadata?.annotations?.['sidecar.istio.io/status']).toContain('"containers":["istio-proxy"]');
  });

  it.each([
    ['kube-system', { namespace: 'kube-system' }, {}],
    ['opt-out annotation', {}, { annotations: { 'sidecar.istio.io/inject': 'false' } }],
    ['already injected', {}, { annotations: { 'sidecar.istio.io/status': '{}' } }],
  ])('allows without a patch: %s', async (_name, reqExtra, metaExtra) => {
    const req = admissionRequest('no_privileged_containers.json');
    const object = req['object'] as Pod;
    const metadata = { ...object.metadata, ...metaExtra, ...(reqExtra as { namespace?: string }) };
    const { status, json } = await post(base, JSON.stringify(review('admission.k8s.io/v1', { ...req, ...reqExtra, object: { ...object, metadata } })));
    expect(status).toBe(200);
    expect(json?.response).toEqual({ uid: req['uid'], allowed: true });
  });

  it.each([
    ['a non-object pod', 'not a pod', /could not decode the pod/],
    ['containers that are not a list', { kind: 'Pod', spec: { containers: 'nginx' } }, /spec.containers: must be a list/],
    ['a Deployment instead of a Pod', { kind: 'Deployment', spec: {} }, /want Pod/],
    ['an invalid traffic annotation', { kind: 'Pod', metadata: { annotations: { 'traffic.sidecar.istio.io/includeInboundPorts': 'bad' } }, spec: { containers: [{ name: 'a' }] } }, /includeInboundPorts invalid/],
  ])('allows %s unchanged, saying why', async (_name, object, message) => {
    const { status, json } = await post(base, JSON.stringify(review('admission.k8s.io/v1', { uid: 'bad-pod', operation: 'CREATE', object })));
    expect(status).toBe(200);
    expect(json?.response).toMatchObject({ uid: 'bad-pod', allowed: true });
    expect(json?.response?.patch).toBeUndefined();
    expect(json?.response?.status?.message).toMatch(message);
  });

  it.each([
    ['text/plain', '{}', 415, /Unsupported Media Type|content-type/i],
    ['application/xml', '<x/>', 415, /Unsupported Media Type|content-type/i],
    ['application/json', '{"apiVersion":', 400, /JSON/],
    ['application/json', '[]', 400, /JSON object/],
    ['application/json', '{"kind":"Pod","apiVersion":"v1"}', 400, /not an AdmissionReview/],
    ['application/json', '{"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1"}', 400, /has no request/],
  ])('answers %s %s with %i', async (contentType, body, expected, message) => {
    const { status, json } = await post(base, body, contentType);
    expect(status).toBe(expected);
    expect(json?.message).toMatch(message);
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const { status } = await post(base, JSON.stringify({ pad: 'x'.repeat(1024 * 1024) }));
    expect(status).toBe(413);
  });

  it('answers unknown routes with 404 and keeps serving', async () => {
    const response = await request(`${base}/mutate`, { method: 'POST', dispatcher: agent });
    expect(response.statusCode).toBe(404);
    await response.body.dump();
    expect((await request(`${base}/healthz/ready`, { dispatcher: agent })).statusCode).toBe(200);
  });
});

describe('namespace selector applied by the injector', () => {
  it('injects only into namespaces labelled istio-injection=enabled', async () => {
    const namespaceLabels = parseNamespaceLabels(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: default\n---\napiVersion: v1\nkind: Namespace\nmetadata:\n  name: mesh\n  labels:\n    istio-injection: enabled\n',
      'namespaces.yaml',
    );
    const base = await start({ namespaceLabels });
    const req = admissionRequest('no_privileged_containers.json');
    const object = req['object'] as Pod;
    const inDefault = await post(base, JSON.stringify(review('admission.k8s.io/v1', req)));
    expect(inDefault.json?.response?.patch).toBeUndefined();
    const meshObject = { ...object, metadata: { ...object.metadata, namespace: 'mesh' } };
    const inMesh = await post(base, JSON.stringify(review('admission.k8s.io/v1', { ...req, namespace: 'mesh', object: meshObject })));
    expect(inMesh.json?.response?.patchType).toBe('JSONPatch');
  });
});
