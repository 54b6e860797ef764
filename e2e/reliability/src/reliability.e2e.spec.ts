import type { Pool } from 'undici';
import { cleanup, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { burst, type LoadCounts, SteadyLoad } from './load';
import { Mesh } from './mesh';
import { accessLog, clusterValue, failureSummary, hostHealth, outboundCluster } from './sidecar-view';
import {
  headerRouteVirtualServiceYaml, makeTopology, OUTLIER, outlierDetectionYaml, ROUTE_HEADER, SERVICE_AUTHORITY,
  SERVICE_HOST, SERVICE_PORT, subsetsYaml, timeoutVirtualServiceYaml,
} from './topology';
import { Upstream } from './upstream';

const RPS = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const failed = (c: LoadCounts) => c.errors5xx + c.networkErrors + c.otherStatus;
const report = (scenario: string, counts: LoadCounts, extra: Record<string, unknown> = {}) => {
  const { sent, ok, errors5xx, networkErrors, otherStatus, byUpstream } = counts;
  console.log(JSON.stringify({ scenario, sent, ok, errors5xx, networkErrors, otherStatus, byUpstream, ...extra }));
};

describe('reliability under load (client sidecar -> two backends, each behind its own sidecar)', () => {
  const harness = new ProcessHarness(10_000);
  const topology = makeTopology();
  const [pod1, pod2] = topology.backends;
  const cluster = outboundCluster(SERVICE_PORT, SERVICE_HOST);
  let dir: string;
  let mesh: Mesh;
  let pool: Pool;
  let b1: Upstream;
  let b2: Upstream;
  const load = (headers?: Record<string, string>) => new SteadyLoad(pool, { rps: RPS, authority: SERVICE_AUTHORITY, headers });
  const served = (c: LoadCounts, u: Upstream) => c.byUpstream[u.pod.name] ?? 0;

  beforeAll(async () => {
    dir = await makeTempDir('tsmesh-reliability-');
    mesh = new Mesh(harness, dir, topology);
    b1 = new Upstream(harness, pod1);
    b2 = new Upstream(harness, pod2);
    await Promise.all([b1.start(), b2.start()]);
    await mesh.start();
    pool = SteadyLoad.pool(topology.client.podIp);
    // Ready once the client's sidecar reaches both backends through their sidecars.
    await waitFor(async () => {
      const c = await burst(pool, { authority: SERVICE_AUTHORITY }, 20);
      return served(c, b1) > 0 && served(c, b2) > 0;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'both backends answering through the mesh' });
  }, 150_000);

  afterAll(async () => {
    await pool?.close();
    await harness.stopAll();
    await cleanup();
  });

  it('an upstream killed and restarted under steady load: default retries leave 0 client-visible 5xx', async () => {
    const inboundLogBefore = accessLog(mesh.sidecar(pod1)).length;
    const clientLogBefore = accessLog(mesh.sidecar(topology.client)).length;
    const running = load().start();
    await sleep(2_000);
    await b1.kill();
    await sleep(3_000);
    const servedByB1BeforeRestart = served(running.counts, b1);
    await b1.start();
    await waitFor(() => served(running.counts, b1) > servedByB1BeforeRestart + 20, { timeoutMs: 30_000, what: 'the restarted backend serving again' });
    const counts = await running.stop();
    // What the retries hid: the killed backend's sidecar answering 503 (upstream connect failure).
    const inbound = accessLog(mesh.sidecar(pod1)).slice(inboundLogBefore);
    const hidden = inbound.filter((e) => e.response_code >= 500).length;
    const clientFailures = failureSummary(accessLog(mesh.sidecar(topology.client)).slice(clientLogBefore));
    const admin = mesh.adminUrl(topology.client);
    const retryLimits = { maxRetries: await clusterValue(admin, cluster, 'default_priority::max_retries'), retryOverflow: await clusterValue(admin, cluster, 'upstream_rq_retry_overflow') };
    report('upstream-killed-and-restarted', counts, { failedAtKilledBackendSidecar: hidden, backendSidecarFailures: failureSummary(inbound), clientFailures, retryLimits });
    expect(hidden).toBeGreaterThan(0);
    expect(counts.errors5xx).toBe(0);
    expect(failed(counts)).toBe(0);
  });

  it('an upstream that starts failing is ejected by outlier detection, traffic moves to the healthy one, then it is restored', async () => {
    await mesh.applyConfig('outlier-detection.yaml', outlierDetectionYaml());
    const admin = mesh.adminUrl(topology.client);
    await waitFor(async () => (await fetch(`${admin}/clusters`).then((r) => r.text())).includes(`${cluster}::outlier_detection::ejections_active::`), {
      timeoutMs: 30_000, what: 'the client sidecar to apply outlierDetection',
    });
    const running = load().start();
    await sleep(1_000);
    const beforeFailing = await b1.control({ mode: 'fail' });
    const failingSince = Date.now();
    await waitFor(async () => (await hostHealth(admin, cluster, pod1.podIp)) === '/failed_outlier_check', { timeoutMs: 15_000, what: 'backend-v1 ejected' });
    const ejectedAfterMs = Date.now() - failingSince;
    await sleep(200);
    const atEjection = await b1.control();
    const b2AtEjection = served(running.counts, b2);
    await sleep(1_000); // still inside the 3 s ejection
    const duringEjection = await b1.control();
    const b2DuringEjection = served(running.counts, b2) - b2AtEjection;
    await b1.control({ mode: 'ok' });
    const recoveredAt = Date.now();
    await waitFor(async () => (await hostHealth(admin, cluster, pod1.podIp)) === 'healthy', { timeoutMs: 30_000, what: 'backend-v1 restored' });
    const restoredAfterMs = Date.now() - recoveredAt;
    const b1Restored = served(running.counts, b1);
    await waitFor(() => served(running.counts, b1) > b1Restored + 20, { timeoutMs: 15_000, what: 'backend-v1 serving after restoration' });
    const counts = await running.stop();
    await mesh.removeConfig('outlier-detection.yaml');
    const failuresBeforeEjection = atEjection.failed - beforeFailing.failed;
    const reachedB1WhileEjected = duringEjection.received - atEjection.received;
    report('outlier-ejection', counts, { failuresBeforeEjection, ejectedAfterMs, reachedB1WhileEjected, b2DuringEjection, restoredAfterMs });
    // Ejected on the consecutive errors themselves (plus those already in flight), not after many sweeps:
    // at ~100 rps to this backend one interval alone would be ~100 failures.
    expect(failuresBeforeEjection).toBeGreaterThanOrEqual(OUTLIER.consecutiveErrors);
    expect(failuresBeforeEjection).toBeLessThanOrEqual(OUTLIER.consecutiveErrors + 20);
    expect(reachedB1WhileEjected).toBe(0);
    expect(b2DuringEjection).toBeGreaterThan(0);
  });

  it('a slow upstream: the route timeout answers 504 with UT on time, and the pool recovers once it is fast again', async () => {
    const upstreamDelayMs = 3_000;
    const timeoutMs = 500;
    await Promise.all([b1.control({ delayMs: upstreamDelayMs }), b2.control({ delayMs: upstreamDelayMs })]);
    await mesh.applyConfig('timeout.yaml', timeoutVirtualServiceYaml(timeoutMs));
    await waitFor(async () => (await burst(pool, { authority: SERVICE_AUTHORITY }, 1, 1)).statuses['504'] === 1, {
      timeoutMs: 60_000, intervalMs: 200, what: 'the client sidecar to apply the 0.5 s route timeout',
    });
    const clientSidecar = mesh.sidecar(topology.client);
    const logBefore = accessLog(clientSidecar).length;
    const slow = await burst(pool, { authority: SERVICE_AUTHORITY }, 20, 10);
    const timedOut = await waitFor(() => {
      const entries = accessLog(clientSidecar).slice(logBefore);
      return entries.length >= 20 && entries;
    }, { what: '20 access-log lines from the client sidecar' });
    await Promise.all([b1.control({ delayMs: 0 }), b2.control({ delayMs: 0 })]);
    const fast = await burst(pool, { authority: SERVICE_AUTHORITY }, 100, 10);
    await mesh.removeConfig('timeout.yaml');
    const durations = timedOut.map((e) => e.duration);
    report('route-timeout', slow, { flags: [...new Set(timedOut.map((e) => e.response_flags))], minDurationMs: Math.min(...durations), maxDurationMs: Math.max(...durations), afterRecovery: fast });
    expect(slow.statuses['504']).toBe(20);
    for (const entry of timedOut) {
      expect(entry).toMatchObject({ response_code: 504, response_flags: 'UT' });
      // Answered by the timeout, not by the upstream: at least the timeout, well before the upstream's answer.
      expect(entry.duration).toBeGreaterThanOrEqual(timeoutMs - 5);
      expect(entry.duration).toBeLessThan(upstreamDelayMs);
    }
    expect(fast.ok).toBe(100);
  });

  it('pilot and galley both stopped for 60 s under load: 0 failed requests, and a config change after they return applies', async () => {
    const running = load().start();
    await sleep(2_000);
    await mesh.stopControlPlane('SIGKILL');
    await sleep(60_000);
    await mesh.startControlPlane();
    await sleep(2_000);
    const counts = await running.stop();
    const sidecarsAlive = [...mesh.sidecars.values()].every((s) => s.exit === undefined);
    await mesh.applyConfig('subsets.yaml', subsetsYaml());
    await mesh.applyConfig('header-route.yaml', headerRouteVirtualServiceYaml());
    const appliedAfter = Date.now();
    await waitFor(async () => {
      const [plain, routed] = await Promise.all([
        burst(pool, { authority: SERVICE_AUTHORITY }, 10, 5),
        burst(pool, { authority: SERVICE_AUTHORITY, headers: { [ROUTE_HEADER]: 'v2' } }, 10, 5),
      ]);
      return served(plain, b1) === 10 && served(routed, b2) === 10;
    }, { timeoutMs: 90_000, intervalMs: 500, what: 'the header route (x-reliability-route: v2 -> v2, the rest -> v1)' });
    const headerRouteAppliedAfterMs = Date.now() - appliedAfter;
    // Back to one route over both backends for what follows.
    await mesh.removeConfig('header-route.yaml');
    await mesh.removeConfig('subsets.yaml');
    await waitFor(async () => {
      const c = await burst(pool, { authority: SERVICE_AUTHORITY }, 20, 5);
      return served(c, b1) > 0 && served(c, b2) > 0;
    }, { timeoutMs: 60_000, intervalMs: 500, what: 'the header route removed' });
    report('control-plane-outage-60s', counts, { sidecarsAlive, headerRouteAppliedAfterMs });
    expect(sidecarsAlive).toBe(true);
    expect(counts.sent).toBeGreaterThan(RPS * 30);
    expect(failed(counts)).toBe(0);
  });

  it('a backend sidecar sent SIGTERM under load: 0 dropped in-flight requests', async () => {
    // Slow answers keep requests in flight through backend-v1's sidecar at the moment it is told to stop.
    await Promise.all([b1.control({ delayMs: 300 }), b2.control({ delayMs: 300 })]);
    const clientLogBefore = accessLog(mesh.sidecar(topology.client)).length;
    const running = load().start();
    await sleep(2_000);
    const sidecar = mesh.sidecar(pod1);
    const atSigterm = await b1.control();
    sidecar.signal('SIGTERM');
    const exit = await sidecar.waitForExit(30_000);
    await sleep(1_000);
    const counts = await running.stop();
    const after = await b1.control();
    // Dropped: sent but never answered 2xx at the client, or cut off at the backend mid-answer.
    const dropped = counts.sent - counts.ok;
    const abortedAtBackend = after.aborted - atSigterm.aborted;
    const finishedAfterSigterm = after.completed - atSigterm.completed;
    const clientFailures = failureSummary(accessLog(mesh.sidecar(topology.client)).slice(clientLogBefore));
    report('backend-sidecar-sigterm', counts, { inFlightAtSigterm: atSigterm.inFlight, finishedAfterSigterm, abortedAtBackend, dropped, exit, clientFailures });
    expect(atSigterm.inFlight).toBeGreaterThan(0);
    expect(finishedAfterSigterm).toBeGreaterThanOrEqual(atSigterm.inFlight);
    expect(abortedAtBackend).toBe(0);
    expect(dropped).toBe(0);
  });
});
