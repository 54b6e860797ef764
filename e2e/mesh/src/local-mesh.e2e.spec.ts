import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, getGlobalDispatcher, request } from 'undici';
import { binomialBound, countBy, viewManyTimes, viewProductPage } from './bookinfo-traffic';
import { eventually, getJson } from './http-helpers';
import { isAlive, LocalMesh, type StatusRow, WORKSPACE } from './mesh-harness';

const CDS = 'type.googleapis.com/envoy.config.cluster.v3.Cluster';
const EDS = 'type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment';

const BOOKINFO = ['productpage-v1', 'details-v1', 'reviews-v1', 'reviews-v2', 'reviews-v3', 'ratings-v1'];
const POD_IPS: Record<string, string> = { 'productpage-v1': '127.0.0.11', 'details-v1': '127.0.0.12', 'reviews-v1': '127.0.0.13', 'reviews-v2': '127.0.0.14', 'reviews-v3': '127.0.0.15', 'ratings-v1': '127.0.0.16' };
const PRODUCT_PAGE = 'http://127.0.0.11:9080/productpage';
const GATEWAY = 'istio-ingressgateway';
const EGRESS_GATEWAY = 'istio-egressgateway';
const GATEWAY_PAGE = 'http://127.0.0.10:8080/productpage';

/**
 * Starts the real local mesh (`npm start`'s runner) with the Bookinfo demo and checks every link:
 * galley → pilot over MCP, pilot → sidecars over ADS with ACKs, citadel → sidecar certificates,
 * sidecar → mixer reports, the injector's webhook, Istio's reviews 50/50 v1/v3 split really
 * happening between the apps' sidecars, and a clean Ctrl-C.
 */
describe('local mesh end to end', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'tsmesh-e2e-'));
  const mesh = new LocalMesh(stateDir);
  let rows: StatusRow[] = [];
  const row = (name: string): StatusRow => {
    const found = rows.find((r) => r.component === name);
    if (!found) throw new Error(`no ${name} in status: ${JSON.stringify(rows)}`);
    return found;
  };
  const port = (name: string, key: string): number => {
    const p = row(name).ports[key];
    if (!p) throw new Error(`${name} has no ${key} port: ${JSON.stringify(row(name))}`);
    return p;
  };

  beforeAll(async () => {
    rows = await mesh.start(90_000);
  }, 100_000);

  afterAll(async () => {
    await mesh.interrupt().catch(() => undefined);
    await getGlobalDispatcher().close();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('reports every component healthy, with pids and ports', () => {
    for (const name of ['citadel', 'galley', 'pilot', 'mixer', 'injector', ...BOOKINFO.flatMap((w) => [`${w}/app`, `${w}/sidecar`]), `${GATEWAY}/sidecar`, `${EGRESS_GATEWAY}/sidecar`]) {
      expect(row(name)).toMatchObject({ healthy: true, pid: expect.any(Number) });
      expect(isAlive(row(name).pid)).toBe(true);
    }
    expect(mesh.output).toMatch(/COMPONENT\s+PID\s+PORTS\s+HEALTHY\s+CONNECTED-TO/);
    expect(mesh.output).toContain(`Bookinfo demo: ${GATEWAY_PAGE}`);
    expect(mesh.output).toContain(`straight to productpage's sidecar: ${PRODUCT_PAGE}`);
    // The gateway pods run their proxy alone: no app process.
    expect(rows.find((r) => r.component === `${GATEWAY}/app`)).toBeUndefined();
    expect(rows.find((r) => r.component === `${EGRESS_GATEWAY}/app`)).toBeUndefined();
  });

  it('galley serves its config to pilot over MCP, and pilot ACKs it', async () => {
    const mcp = await eventually('pilot to ACK services', async () => {
      const status = await getJson<{ sinks: Array<{ sink: string; collections: Record<string, { sent?: string; acked?: string }> }> }>(`http://127.0.0.1:${port('galley', 'monitoring')}/debug/mcp`);
      const pilot = status.sinks.find((s) => s.sink.startsWith('pilot-'));
      const services = pilot?.collections['k8s/core/v1/services'];
      return services?.acked && services.acked === services.sent ? pilot : undefined;
    });
    expect(Object.keys(mcp.collections)).toContain('istio/networking/v1alpha3/virtualservices');
    const registry = await getJson<Array<{ hostname: string }>>(`http://127.0.0.1:${port('pilot', 'http')}/debug/registryz`);
    expect(registry.map((s) => s.hostname)).toEqual(expect.arrayContaining(['details.default.svc.cluster.local', 'productpage.default.svc.cluster.local', 'reviews.default.svc.cluster.local', 'ratings.default.svc.cluster.local']));
  });

  it('pilot pushes clusters and endpoints to every sidecar, and each ACKs', async () => {
    const sync = await eventually('every sidecar to ACK CDS and EDS', async () => {
      const proxies = await getJson<Array<{ proxy: string; types: Record<string, { sent?: string; acked?: string }> }>>(`http://127.0.0.1:${port('pilot', 'http')}/debug/syncz`);
      const synced = proxies.filter((p) => [CDS, EDS].every((t) => p.types[t]?.acked && p.types[t]?.acked === p.types[t]?.sent));
      return synced.length >= BOOKINFO.length + 2 ? synced : undefined;
    });
    const gatewayNodes = [`router~127.0.0.10~${GATEWAY}.istio-system~istio-system.svc.cluster.local`, `router~127.0.0.9~${EGRESS_GATEWAY}.istio-system~istio-system.svc.cluster.local`];
    expect(sync.map((p) => p.proxy).sort()).toEqual([...BOOKINFO.map((w) => `sidecar~${POD_IPS[w]}~${w}.default~default.svc.cluster.local`), ...gatewayNodes].sort());
    const metrics = await (await request(`http://127.0.0.1:${port('pilot', 'monitoring')}/metrics`)).body.text();
    expect(metrics).toMatch(new RegExp(`^pilot_xds ${BOOKINFO.length + 2}$`, 'm'));
    expect(metrics).toMatch(/^pilot_xds_pushes\{type="cds"\} \d+/m);
  });

  it('each sidecar holds a citadel-signed SPIFFE certificate that openssl verifies', () => {
    const certs = join(stateDir, 'certs', 'details-v1');
    const chain = join(certs, 'cert-chain.pem');
    const root = join(stateDir, 'citadel', 'root-cert.pem');
    expect(existsSync(chain)).toBe(true);
    expect(statSync(join(certs, 'key.pem')).mode & 0o777).toBe(0o600);
    const verify = execFileSync('openssl', ['verify', '-CAfile', root, '-untrusted', chain, chain], { encoding: 'utf8' });
    expect(verify).toMatch(/: OK/);
    const san = execFileSync('openssl', ['x509', '-in', chain, '-noout', '-ext', 'subjectAltName'], { encoding: 'utf8' });
    expect(san).toContain('URI:spiffe://cluster.local/ns/default/sa/bookinfo-details');
  });

  it('a request through a sidecar reaches the app and mixer counts the sidecar\'s report', async () => {
    const mixer = `http://127.0.0.1:${port('mixer', 'monitoring')}/debug/reports`;
    const before = await getJson<{ attributeSets: number }>(mixer);
    const res = await request('http://127.0.0.12:9080/details/0');
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-bookinfo-version']).toBe('details-v1');
    expect(await res.body.json()).toMatchObject({ id: 0, author: 'William Shakespeare' });
    const after = await eventually('mixer to count the report', async () => {
      const view = await getJson<{ attributeSets: number; lastAttributes?: Record<string, unknown> }>(mixer);
      return view.attributeSets > before.attributeSets ? view : undefined;
    });
    expect(JSON.stringify(after.lastAttributes)).toContain('/details/0');
  });

  it('the injector answers an AdmissionReview over HTTPS with a JSON patch', async () => {
    const ca = readFileSync(join(stateDir, 'injector', 'ca.pem'), 'utf8');
    const review = {
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'e2e-uid-1',
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'default',
        operation: 'CREATE',
        object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] } },
      },
    };
    const tls = new Agent({ connect: { ca } });
    const res = await request(`https://localhost:${port('injector', 'https')}/inject`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(review),
      dispatcher: tls,
    });
    expect(res.statusCode).toBe(200);
    const body = (await res.body.json()) as { apiVersion: string; response: { uid: string; allowed: boolean; patchType: string; patch: string } };
    expect(body.apiVersion).toBe('admission.k8s.io/v1');
    expect(body.response).toMatchObject({ uid: 'e2e-uid-1', allowed: true, patchType: 'JSONPatch' });
    const patch = JSON.parse(Buffer.from(body.response.patch, 'base64').toString()) as Array<{ path: string; value: unknown }>;
    expect(JSON.stringify(patch)).toContain('istio-proxy');
    expect(JSON.stringify(patch)).toContain('istio-init');
    await tls.close();
  });

  it('galley\'s validating webhook denies invalid Istio config with the field path', async () => {
    const ca = readFileSync(join(stateDir, 'galley', 'ca.pem'), 'utf8');
    const tls = new Agent({ connect: { ca } });
    const vs = { apiVersion: 'networking.istio.io/v1alpha3', kind: 'VirtualService', metadata: { name: 'reviews', namespace: 'default' }, spec: { hosts: ['reviews'], http: [{ route: [{ destination: { host: 'reviews', subset: 'v1' }, weight: 60 }, { destination: { host: 'reviews', subset: 'v2' }, weight: 30 }] }] } };
    const res = await request(`https://localhost:${port('galley', 'validation')}/admitpilot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'e2e-2', operation: 'CREATE', namespace: 'default', object: vs } }),
      dispatcher: tls,
    });
    const body = (await res.body.json()) as { response: { allowed: boolean; status?: { message: string } } };
    expect(body.response.allowed).toBe(false);
    expect(body.response.status?.message).toMatch(/VirtualService default\/reviews: spec\.http\[0\]\.route/);
    await tls.close();
  });

  it('the product page, reached through its sidecar, shows details and reviews fetched through the mesh', async () => {
    const view = await eventually('the product page to render reviews', async () => {
      const v = await viewProductPage(PRODUCT_PAGE);
      return v.hasDetails && v.reviewsVersion.startsWith('reviews-') ? v : undefined;
    });
    expect(view.status).toBe(200);
  });

  it("the ingress gateway serves bookinfo-gateway.yaml's routes on 8080: the product page, and nothing outside the Gateway's VirtualService", async () => {
    const view = await eventually('the gateway to serve the product page', async () => {
      const v = await viewProductPage(GATEWAY_PAGE);
      return v.status === 200 && v.hasDetails && v.reviewsVersion.startsWith('reviews-') ? v : undefined;
    });
    expect(view.status).toBe(200);
    // bookinfo's VirtualService matches /productpage, /static, /login, /logout and /api/v1/products only.
    expect((await request('http://127.0.0.10:8080/details/0')).statusCode).toBe(404);
  });

  it("Istio's virtual-service-reviews-50-v3.yaml splits reviews 50/50 between v1 and v3, with the stars each version draws", async () => {
    const n = 200;
    const views = await viewManyTimes(PRODUCT_PAGE, n);
    const versions = countBy(views, (v) => v.reviewsVersion);
    // Five standard deviations: a correct 50/50 split falls outside with probability < 1e-6.
    const { low, high } = binomialBound(n, 0.5, 5);
    expect(versions['reviews-v2']).toBeUndefined();
    expect((versions['reviews-v1'] ?? 0) + (versions['reviews-v3'] ?? 0)).toBe(n);
    expect(versions['reviews-v1']).toBeGreaterThanOrEqual(low);
    expect(versions['reviews-v1']).toBeLessThanOrEqual(high);
    for (const v of views) {
      expect(v).toMatchObject({ status: 200, hasDetails: true });
      // v1 asks no ratings and draws no stars; v3 draws ratings 5 + 4 in red.
      expect({ version: v.reviewsVersion, stars: v.stars, colors: v.starColors }).toEqual(
        v.reviewsVersion === 'reviews-v1' ? { version: 'reviews-v1', stars: 0, colors: [] } : { version: 'reviews-v3', stars: 9, colors: ['red'] },
      );
    }
  });

  it("a live switch to Istio's virtual-service-reviews-jason-v2-v3.yaml sends jason to v2 (black stars) and everyone else to v3", async () => {
    const samples = process.env['ISTIO_SAMPLES'] ?? join(WORKSPACE, '../shared/istio-samples');
    // The same VirtualService name (reviews): replacing the file replaces the rule, as kubectl apply would.
    copyFileSync(join(samples, 'samples/bookinfo/networking/virtual-service-reviews-jason-v2-v3.yaml'), join(mesh.configDir, 'virtual-service-reviews-50-v3.yaml'));
    const jason = await eventually('jason to be routed to reviews v2', async () => {
      const v = await viewProductPage(`${PRODUCT_PAGE}?u=jason`);
      return v.reviewsVersion === 'reviews-v2' ? v : undefined;
    });
    expect(jason).toMatchObject({ stars: 9, starColors: ['black'], hasDetails: true });
    // The sign-in sticks as a cookie, and anonymous loads all go to v3.
    expect((await viewProductPage(PRODUCT_PAGE, { cookie: 'user=jason' })).reviewsVersion).toBe('reviews-v2');
    const others = countBy(await viewManyTimes(PRODUCT_PAGE, 20), (v) => v.reviewsVersion);
    expect(others).toEqual({ 'reviews-v3': 20 });
  });

  it('Ctrl-C drains everything and leaves no process behind', async () => {
    const pids = rows.map((r) => r.pid);
    expect(await mesh.interrupt()).toBe(0);
    await eventually('every process to exit', async () => (pids.every((p) => !isAlive(p)) ? true : undefined), 10_000);
  });
});
