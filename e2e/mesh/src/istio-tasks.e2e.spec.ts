import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, getGlobalDispatcher, request } from 'undici';
import { binomialBound, countBy, viewManyTimes, viewProductPage } from './bookinfo-traffic';
import { eventually } from './http-helpers';
import { LiveConfig } from './live-config';
import { AccessLog, sidecarStats, sumBySuffix, waitForPush, xdsVersions } from './mesh-observer';
import { LocalMesh, type StatusRow, WORKSPACE } from './mesh-harness';

const SAMPLES = join(process.env['ISTIO_SAMPLES'] ?? join(WORKSPACE, '../shared/istio-samples'), 'samples/bookinfo/networking');
const sample = (file: string): string => readFileSync(join(SAMPLES, file), 'utf8');

// The demo's pods (deploy/local/workloads.yaml): Bookinfo's six and the ingress and egress gateways.
const PROXIES = 8;
const PRODUCTPAGE_IP = '127.0.0.11';
const REVIEWS_V2_IP = '127.0.0.14';
const PAGE = 'http://127.0.0.10:8080/productpage';
const JASON_PAGE = `${PAGE}?u=jason`;
const RATINGS_UNAVAILABLE = 'Ratings service is currently unavailable';
const REVIEWS_UNAVAILABLE = 'Error fetching product reviews!';
const DETAILS_CLUSTER = 'outbound|9080||details.default.svc.cluster.local';

// Istio 1.2's request-timeouts task: reviews to v2, ratings delayed 2 s, then a 0.5 s reviews timeout.
const REVIEWS_V2 = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v2
`;
const RATINGS_DELAY_2S = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: ratings
spec:
  hosts:
  - ratings
  http:
  - fault:
      delay:
        percent: 100
        fixedDelay: 2s
    route:
    - destination:
        host: ratings
        subset: v1
`;
const REVIEWS_V2_TIMEOUT = REVIEWS_V2.replace('    - destination:\n        host: reviews\n        subset: v2\n', '    - destination:\n        host: reviews\n        subset: v2\n    timeout: 0.5s\n');

// Istio 1.2's circuit-breaking task's connectionPool, on details (keeping the subsets of destination-rule-all.yaml).
const DETAILS_CIRCUIT_BREAKER = `apiVersion: networking.istio.io/v1alpha3
kind: DestinationRule
metadata:
  name: details
spec:
  host: details
  trafficPolicy:
    connectionPool:
      tcp:
        maxConnections: 1
      http:
        http1MaxPendingRequests: 1
        maxRequestsPerConnection: 1
  subsets:
  - name: v1
    labels:
      version: v1
  - name: v2
    labels:
      version: v2
`;

// Istio 1.2's mirroring task, on reviews: everything to v1, a copy of each request to v2.
const REVIEWS_V1_MIRROR_V2 = `apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
  - reviews
  http:
  - route:
    - destination:
        host: reviews
        subset: v1
      weight: 100
    mirror:
      host: reviews
      subset: v2
`;

/**
 * Istio 1.2's traffic-management tasks, run as the docs run them: Bookinfo behind the ingress
 * gateway, the samples' YAML applied to the live config, the page read as a user would, and
 * the sidecars' stats and access logs checked for what the task says happens.
 */
describe("Istio's traffic-management tasks on the local mesh, through the ingress gateway", () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'tsmesh-tasks-'));
  const mesh = new LocalMesh(stateDir);
  const live = new LiveConfig(mesh.configDir, join(WORKSPACE, 'deploy/local/config'));
  let pilotHttp = 0;

  /** kubectl apply of each text in turn, then wait until every proxy ACKs the new config. */
  const apply = async (...texts: string[]): Promise<void> => {
    const before = (await xdsVersions(pilotHttp)).key;
    for (const text of texts) live.apply(text);
    await waitForPush(pilotHttp, before, PROXIES);
  };

  beforeAll(async () => {
    const rows: StatusRow[] = await mesh.start(90_000);
    pilotHttp = rows.find((r) => r.component === 'pilot')?.ports['http'] ?? 0;
    await eventually('every proxy to ACK its config', async () => {
      const now = await xdsVersions(pilotHttp);
      return now.proxies === PROXIES && now.allAcked ? now : undefined;
    });
    await eventually('the gateway to serve the product page', async () => ((await viewProductPage(PAGE)).hasDetails ? true : undefined));
  }, 120_000);

  // Every flow leaves the demo's own config (reviews 50/50 v1/v3) behind it.
  afterEach(async () => {
    const before = (await xdsVersions(pilotHttp)).key;
    if (live.restore()) await waitForPush(pilotHttp, before, PROXIES);
  });

  afterAll(async () => {
    await mesh.interrupt().catch(() => undefined);
    await getGlobalDispatcher().close();
    // E2E_KEEP_STATE keeps the logs and config of a failed run to read.
    if (!process.env['E2E_KEEP_STATE']) rmSync(stateDir, { recursive: true, force: true });
  });

  it('request routing: virtual-service-all-v1.yaml sends everyone to reviews v1; reviews-test-v2 then sends jason to v2', async () => {
    await apply(sample('virtual-service-all-v1.yaml'));
    const views = await viewManyTimes(PAGE, 30);
    expect(countBy(views, (v) => `${v.status} ${v.reviewsVersion} stars:${v.stars} details:${v.hasDetails}`)).toEqual({ '200 reviews-v1 stars:0 details:true': 30 });

    await apply(sample('virtual-service-reviews-test-v2.yaml'));
    expect(await viewProductPage(JASON_PAGE)).toMatchObject({ status: 200, reviewsVersion: 'reviews-v2', stars: 9, starColors: ['black'] });
    expect(countBy(await viewManyTimes(PAGE, 20), (v) => v.reviewsVersion)).toEqual({ 'reviews-v1': 20 });
  });

  it("fault injection: ratings-test-delay's 7 s delay for jason outlasts productpage's 2 x 3 s for reviews, so his page shows reviews unavailable", async () => {
    await apply(sample('virtual-service-all-v1.yaml'), sample('virtual-service-reviews-test-v2.yaml'));
    const before = sumBySuffix(await sidecarStats(REVIEWS_V2_IP), '.fault.delays_injected');
    await apply(sample('virtual-service-ratings-test-delay.yaml'));
    // Istio's task: productpage gives reviews 3 s and one retry, reviews v2 waits 10 s for
    // ratings, so the 7 s delay surfaces as "reviews unavailable" after about 6 s.
    const jason = await viewProductPage(JASON_PAGE);
    expect(jason).toMatchObject({ status: 200, reviewsVersion: 'unavailable', hasDetails: true });
    expect(jason.errors).toContain(REVIEWS_UNAVAILABLE);
    // The fault filter runs in reviews-v2's sidecar, once per productpage try.
    expect(sumBySuffix(await sidecarStats(REVIEWS_V2_IP), '.fault.delays_injected')).toBe(before + 2);
    expect(await viewProductPage(PAGE)).toMatchObject({ status: 200, reviewsVersion: 'reviews-v1', errors: [] });
  });

  it('fault injection: ratings-test-abort answers jason\'s ratings calls with 500 (FI), so his page shows ratings unavailable', async () => {
    await apply(sample('virtual-service-all-v1.yaml'), sample('virtual-service-reviews-test-v2.yaml'));
    const before = sumBySuffix(await sidecarStats(REVIEWS_V2_IP), '.fault.aborts_injected');
    await apply(sample('virtual-service-ratings-test-abort.yaml'));
    const log = new AccessLog(stateDir, 'reviews-v2');
    const mark = log.mark();
    const jason = await viewProductPage(JASON_PAGE);
    expect(jason).toMatchObject({ status: 200, reviewsVersion: 'reviews-v2', stars: 0 });
    expect(jason.errors).toContain(RATINGS_UNAVAILABLE);
    expect(sumBySuffix(await sidecarStats(REVIEWS_V2_IP), '.fault.aborts_injected')).toBe(before + 1);
    const aborted = await eventually('reviews-v2\'s sidecar to log the abort', async () => {
      const entries = log.since(mark).filter((e) => e.authority === 'ratings:9080');
      return entries.length > 0 ? entries : undefined;
    });
    expect(aborted.map((e) => `${e.response_code} ${e.response_flags}`)).toEqual(['500 FI']);
    expect(await viewProductPage(PAGE)).toMatchObject({ status: 200, reviewsVersion: 'reviews-v1', errors: [] });
  });

  it('traffic shifting: virtual-service-reviews-50-v3.yaml splits v1/v3 within a binomial bound, then virtual-service-reviews-v3.yaml sends 100 % to v3', async () => {
    await apply(sample('virtual-service-all-v1.yaml'));
    expect(countBy(await viewManyTimes(PAGE, 10), (v) => v.reviewsVersion)).toEqual({ 'reviews-v1': 10 });

    await apply(sample('virtual-service-reviews-50-v3.yaml'));
    const n = 100;
    const split = countBy(await viewManyTimes(PAGE, n), (v) => v.reviewsVersion);
    // Five standard deviations: a correct 50/50 split falls outside with probability < 1e-6.
    const { low, high } = binomialBound(n, 0.5, 5);
    expect((split['reviews-v1'] ?? 0) + (split['reviews-v3'] ?? 0)).toBe(n);
    expect(split['reviews-v1']).toBeGreaterThanOrEqual(low);
    expect(split['reviews-v1']).toBeLessThanOrEqual(high);

    await apply(sample('virtual-service-reviews-v3.yaml'));
    const views = await viewManyTimes(PAGE, 20);
    expect(countBy(views, (v) => `${v.reviewsVersion} ${v.starColors.join()}`)).toEqual({ 'reviews-v3 red': 20 });
  });

  it('request timeouts: ratings delayed 2 s still renders; a 0.5 s timeout on reviews makes productpage\'s sidecar answer 504 UT and the page shows reviews unavailable', async () => {
    await apply(sample('virtual-service-all-v1.yaml'));
    await apply(REVIEWS_V2, RATINGS_DELAY_2S);
    // 2 s is within reviews' 10 s for ratings: the stars still show, late.
    expect(await viewProductPage(PAGE)).toMatchObject({ status: 200, reviewsVersion: 'reviews-v2', stars: 9, starColors: ['black'] });

    await apply(REVIEWS_V2_TIMEOUT);
    const log = new AccessLog(stateDir, 'productpage-v1');
    const mark = log.mark();
    const view = await viewProductPage(PAGE);
    expect(view).toMatchObject({ status: 200, reviewsVersion: 'unavailable', hasDetails: true });
    expect(view.errors).toContain('Error fetching product reviews!');
    // productpage tries reviews twice (Istio's app does too: the task's "about 1 second").
    const timedOut = await eventually("productpage's sidecar to log both reviews calls", async () => {
      const entries = log.since(mark).filter((e) => e.authority === 'reviews:9080');
      return entries.length >= 2 ? entries : undefined;
    });
    expect(timedOut.map((e) => `${e.response_code} ${e.response_flags}`)).toEqual(['504 UT', '504 UT']);
  });

  it("circuit breaking: with the task's connectionPool on details, concurrent calls through productpage's sidecar overflow with 503 UO, counted in /stats", async () => {
    await apply(DETAILS_CIRCUIT_BREAKER);
    const overflow = `cluster.${DETAILS_CLUSTER}.upstream_rq_pending_overflow`;
    const before = (await sidecarStats(PRODUCTPAGE_IP)).get(overflow) ?? 0;
    const log = new AccessLog(stateDir, 'productpage-v1');
    const mark = log.mark();
    // A client with as many connections as requests, all at once, as fortio -c 20 in the task.
    const client = new Agent({ connections: 20, pipelining: 0 });
    const statuses: number[] = [];
    try {
      for (let round = 0; round < 5 && !statuses.includes(503); round++) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, async () => {
            const res = await request(`http://${PRODUCTPAGE_IP}:15001/details/0`, { headers: { host: 'details:9080' }, dispatcher: client });
            await res.body.dump();
            return res.statusCode;
          }),
        );
        statuses.push(...answers);
      }
    } finally {
      await client.close();
    }
    const rejected = statuses.filter((s) => s === 503).length;
    expect(rejected).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 503 && s !== 200)).toEqual([]);
    expect(((await sidecarStats(PRODUCTPAGE_IP)).get(overflow) ?? 0) - before).toBe(rejected);
    const flagged = await eventually('the sidecar to log every call', async () => {
      const entries = log.since(mark).filter((e) => e.authority === 'details:9080');
      return entries.length >= statuses.length ? entries : undefined;
    });
    expect(flagged.filter((e) => e.response_code === 503).map((e) => e.response_flags)).toEqual(Array.from({ length: rejected }, () => 'UO'));
  });

  it('mirroring: reviews v1 serves every user while reviews-v2 gets a copy of each call with a -shadow host', async () => {
    await apply(REVIEWS_V1_MIRROR_V2);
    const log = new AccessLog(stateDir, 'reviews-v2');
    const mark = log.mark();
    const n = 10;
    expect(countBy(await viewManyTimes(PAGE, n), (v) => v.reviewsVersion)).toEqual({ 'reviews-v1': n });
    // Inbound to reviews-v2 (its pod IP's 9080), not its own calls out to ratings.
    const inbound = () => log.since(mark).filter((e) => e.downstream_local_address === `${REVIEWS_V2_IP}:9080`);
    const mirrored = await eventually('reviews-v2 to receive every mirrored call', async () => (inbound().length >= n ? inbound() : undefined));
    expect(countBy(mirrored, (e) => `${e.authority} ${e.response_code}`)).toEqual({ 'reviews:9080-shadow 200': n });
  });
});
