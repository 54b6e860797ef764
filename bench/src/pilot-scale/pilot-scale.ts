import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cleanup, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { processUsage, startControlPlane, WORKSPACE } from './control-plane';
import { generateMesh, meshRuleDoc, type MeshShape, roundServiceDocs } from './generate-mesh';
import { LoadDriver } from './load-driver';

const SHAPE: MeshShape = { services: 1000, endpointsPerService: 10, namespaces: 50, scopedNamespaces: 5 };
const CLIENTS = Number(process.env['BENCH_PILOT_CLIENTS'] ?? 2000);
const ROUNDS = Number(process.env['BENCH_PILOT_ROUNDS'] ?? 5);
const TARGETS = { full_push_p99_ms: 2000, rss_mb: 1024 };

/**
 * Pilot at scale: 1,000 services x 10 endpoints in 50 namespaces, served by real galley + pilot
 * processes to 2,000 simulated sidecars (tools/xds-load). Measures time from a config write to
 * each proxy's response, for full pushes and EDS-only pushes, plus pilot's memory and CPU, and
 * config bytes per proxy with and without a Sidecar scoping egress.
 */
export async function pilotScale(): Promise<Record<string, unknown>> {
  if (process.env['BENCH_SKIP_BUILD'] !== '1') {
    execFileSync(process.execPath, [join(WORKSPACE, 'node_modules/.bin/nx'), 'run-many', '-t', 'build', '-p', 'galley,pilot,xds-load', '--output-style=static'], { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  }
  const harness = new ProcessHarness();
  const notes: string[] = [];
  try {
    const configDir = await makeTempDir('bench-pilot-config-');
    const stateDir = await makeTempDir('bench-pilot-state-');
    const mesh = await generateMesh(configDir, SHAPE);
    const cp = await startControlPlane(harness, configDir, stateDir);
    const pid = cp.pilot.pid ?? 0;
    await waitFor(async () => (await (await fetch(`${cp.pilotHttp}/debug/registryz`)).text()).includes(`svc-${SHAPE.services - 1}.`), { timeoutMs: 300_000, intervalMs: 500, what: 'pilot has the whole registry' });
    const idle = processUsage(pid);
    log(`pilot has ${mesh.services} services; connecting ${CLIENTS} clients`);

    const connectStart = Date.now();
    const load = LoadDriver.start(harness, cp.pilotGrpc, CLIENTS, SHAPE.namespaces);
    await waitFor(() => load.configured ?? load.failure, { timeoutMs: 900_000, intervalMs: 500, what: 'all clients configured' });
    const connectMs = Date.now() - connectStart;
    if (load.failure) notes.push(`not every client got config: ${load.failure}`);
    const clients = load.clients.size;
    log(`${clients} clients configured in ${connectMs} ms`);
    await sleep(3000);
    const afterConnect = processUsage(pid);
    const scopedNs = (ns: string) => Number(ns.slice(3)) < SHAPE.scopedNamespaces;
    const bytes = { scoped: load.bytesPerProxy(scopedNs), unscoped: load.bytesPerProxy((ns) => !scopedNs(ns)) };

    const fullPhase = Date.now();
    const full: number[] = [];
    const fullToPilot: number[] = [];
    const edsToPilot: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      load.forgetArrivals();
      const pilotPush = watchPushVersion(cp.pilotHttp, await pushVersion(cp.pilotHttp));
      const t0 = Date.now();
      // A new service every proxy sees plus a mesh-wide DestinationRule edit: a full push.
      await writeFile(join(configDir, `round-${round}.yaml`), roundServiceDocs(`bench-round-${round}`, [`10.251.${round}.1`]));
      await writeFile(mesh.meshRuleFile, meshRuleDoc(200 + round));
      const lat = await load.arrivalsAfter(t0, ['cds', 'lds', 'rds'], clients, 120_000);
      fullToPilot.push((await pilotPush) - t0);
      if (lat.length < clients) notes.push(`full push round ${round}: ${lat.length}/${clients} clients got it within 120 s`);
      full.push(...lat);
      log(`full push ${round}: ${lat.length} clients, p99 ${percentile(lat, 99)} ms`);
      await sleep(2000);
    }
    const edsPhase = Date.now();
    const eds: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      load.forgetArrivals();
      const pilotPush = watchPushVersion(cp.pilotHttp, await pushVersion(cp.pilotHttp));
      const t0 = Date.now();
      await writeFile(join(configDir, 'round-eds.yaml'), roundServiceDocs('bench-eds', ['10.250.0.1', `10.250.1.${round + 1}`]));
      const lat = await load.arrivalsAfter(t0, ['eds'], clients, 60_000);
      edsToPilot.push((await pilotPush) - t0);
      if (lat.length < clients) notes.push(`eds push round ${round}: ${lat.length}/${clients} clients got it within 60 s`);
      eds.push(...lat);
      log(`eds push ${round}: ${lat.length} clients, p99 ${percentile(eds, 99)} ms`);
      await sleep(1000);
    }
    if (load.exited) notes.push(`load simulator stopped during the rounds: ${load.failure ?? 'unknown'}`);
    const end = processUsage(pid);
    const perPush = { full: megabytesPerRound(load.bytesDelivered(fullPhase, edsPhase), ROUNDS), eds: megabytesPerRound(load.bytesDelivered(edsPhase, Date.now()), ROUNDS) };
    const fullPush = { p50: percentile(full, 50), p99: percentile(full, 99) };
    return {
      services: mesh.services,
      endpoints: mesh.endpoints,
      namespaces: SHAPE.namespaces,
      clients,
      clients_requested: CLIENTS,
      connect_all_ms: connectMs,
      rounds: ROUNDS,
      full_push_trigger: 'new Service+Endpoints in istio-system and an edit of a mesh-wide DestinationRule (host *.local); latency = write -> first CDS/LDS/RDS response at each client',
      full_push_ms: fullPush,
      eds_push_trigger: 'edit of one Endpoints (istio-system/bench-eds, seen by every proxy); latency = write -> first EDS response at each client',
      eds_push_ms: { p50: percentile(eds, 50), p99: percentile(eds, 99) },
      write_to_pilot_push_ms: { full_median: percentile(fullToPilot, 50), eds_median: percentile(edsToPilot, 50) },
      latency_includes: 'galley file-watch debounce (100 ms) + MCP + pilot debounce (100 ms) + push',
      rss_mb: round1(end.peakRssMb),
      rss_now_mb: round1(end.rssMb),
      cpu_s: round1(end.cpuSeconds),
      cpu_s_idle_with_registry: round1(idle.cpuSeconds),
      cpu_s_connecting_clients: round1(afterConnect.cpuSeconds - idle.cpuSeconds),
      bytes_per_proxy: bytes,
      mb_per_push: perPush,
      scoped_namespaces: `ns-0..ns-${SHAPE.scopedNamespaces - 1} (Sidecar egress ./* + istio-system/*)`,
      targets: {
        full_push_p99_ms: { target: TARGETS.full_push_p99_ms, measured: fullPush.p99, met: full.length > 0 && fullPush.p99 <= TARGETS.full_push_p99_ms },
        rss_mb: { target: TARGETS.rss_mb, measured: round1(end.peakRssMb), met: end.peakRssMb <= TARGETS.rss_mb },
      },
      machine: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown cpu'}, shared`,
      date: new Date().toISOString(),
      notes,
    };
  } finally {
    await harness.stopAll();
    await cleanup();
  }
}

async function pushVersion(pilotHttp: string): Promise<string | undefined> {
  return ((await (await fetch(`${pilotHttp}/debug/push_status`)).json()) as { version?: string }).version;
}

/** Resolves with the time (epoch ms) pilot's push version (/debug/push_status) next changes. */
async function watchPushVersion(pilotHttp: string, before: string | undefined, timeoutMs = 120_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await pushVersion(pilotHttp)) !== before) return Date.now();
    await sleep(25);
  }
  return NaN;
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Per push (mean over rounds): MB of responses that reached all clients, per xDS type and in total. */
function megabytesPerRound(bytes: Record<string, number>, rounds: number): Record<string, number> {
  const mb = (n: number) => round1(n / rounds / 1e6);
  const total = Object.values(bytes).reduce((a, b) => a + b, 0);
  return { ...Object.fromEntries(Object.entries(bytes).map(([k, v]) => [k, mb(v)])), total: mb(total) };
}
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`pilot-scale: ${msg}`);
