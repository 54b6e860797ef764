import { execFileSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { cleanup, freePorts, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { loadBigConfig } from './big-config';
import { LOADGEN_CORE, pinnedCommand, pinSelf, requireTools } from './cores';
import { runFixedRate, type FixedRateResult } from './fixed-rate';
import { adminUrl, authority, DIRECT_SERVICE, makeTopology, MESHED_SERVICE, OUTBOUND_PORT, SERVICE_PORT, startMesh, WORKSPACE } from './mesh';
import { measureCpu, memory, type Memory } from './proc';
import { buildReport, type LatencyTarget, type Measurements, type ThroughputRun, type ThroughputTarget } from './report';
import { startFastifyProxy, startNginx, startUpstream } from './servers';
import { runWrk } from './wrk';

// BENCH_SIDECAR_SECONDS shortens every phase while developing (e.g. 3); the recorded run uses the defaults.
const PHASE_S = Number(process.env['BENCH_SIDECAR_SECONDS'] ?? 10);
const LATENCY_S = Number(process.env['BENCH_SIDECAR_SECONDS'] ?? 15);
const WARMUP_S = Math.min(3, PHASE_S);
const CONNECTIONS = 50;
const FIXED_RPS = 1000;

/**
 * The sidecar's data path against the same upstream reached directly, through @fastify/http-proxy
 * and through one nginx worker, all in one run: wrk's maximum throughput with the proxy alone on
 * one core, latency percentiles at a fixed 1000 rps from an open-loop generator, the sidecar's
 * CPU per request, and its memory idle and holding a 1000-service config.
 */
export async function sidecarBench(): Promise<Record<string, unknown>> {
  requireTools([{ name: 'wrk', apt: 'wrk' }, { name: 'nginx', apt: 'nginx' }, { name: 'taskset', apt: 'util-linux' }]);
  if (cpus().length < 2) throw new Error('sidecar bench needs 2 cores: one for the proxy under test, one for the load generator');
  if (process.env['BENCH_SKIP_BUILD'] !== '1') {
    execFileSync(process.execPath, [join(WORKSPACE, 'node_modules/.bin/nx'), 'run-many', '-t', 'build', '-p', 'citadel,galley,pilot,mixer,sidecar', '--output-style=static'], { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  }
  const loadAtStart = loadavg();
  pinSelf(LOADGEN_CORE);
  const harness = new ProcessHarness();
  try {
    const stateDir = await makeTempDir('bench-sidecar-');
    const t = makeTopology();
    const upstreamAddr = `${t.upstreamIp}:${SERVICE_PORT}`;
    await startUpstream(harness, t.upstreamIp, SERVICE_PORT);
    const mesh = await startMesh(harness, stateDir, join(stateDir, 'config'), t);
    const clientPid = mesh.client.pid ?? 0;
    const serverPid = mesh.server.pid ?? 0;
    const viaClient = `http://${t.clientIp}:${OUTBOUND_PORT}`;
    for (const service of [DIRECT_SERVICE, MESHED_SERVICE]) {
      const answers = async () => {
        const res = await request(viaClient, { headers: { host: authority(service) } });
        await res.body.dump();
        return res.statusCode === 200;
      };
      await waitFor(answers, { timeoutMs: 60_000, intervalMs: 250, what: `${service} answers through the client sidecar` });
    }
    await sleep(2000);
    const rssIdle = memory(clientPid);
    log(`mesh up; client sidecar idle RSS ${rssIdle.rss.toFixed(1)} MB`);

    const [fastifyPort, nginxPort] = await freePorts(2);
    const fastify = await startFastifyProxy(harness, '127.0.0.1', fastifyPort ?? 0, `http://${upstreamAddr}`);
    const nginx = await startNginx(harness, stateDir, '127.0.0.1', nginxPort ?? 0, upstreamAddr);
    const throughputTargets: Record<ThroughputTarget, { url: string; host?: string; pids: number[] }> = {
      direct: { url: `http://${upstreamAddr}/`, pids: [] },
      sidecar1: { url: `${viaClient}/`, host: authority(DIRECT_SERVICE), pids: [clientPid] },
      sidecar2: { url: `${viaClient}/`, host: authority(MESHED_SERVICE), pids: [clientPid, serverPid] },
      fastify_proxy: { url: `http://127.0.0.1:${fastifyPort}/`, pids: [fastify.pid ?? 0] },
      nginx: { url: `http://127.0.0.1:${nginxPort}/`, pids: [nginx.pid ?? 0] },
    };
    const throughput = {} as Record<ThroughputTarget, ThroughputRun>;
    for (const [name, target] of Object.entries(throughputTargets) as [ThroughputTarget, (typeof throughputTargets)[ThroughputTarget]][]) {
      await runWrk({ ...target, seconds: WARMUP_S, connections: CONNECTIONS });
      const { result, cpuS, wallS } = await measureCpu(target.pids, () => runWrk({ ...target, seconds: PHASE_S, connections: CONNECTIONS }));
      throughput[name] = { ...result, proxyCpuS: target.pids.length > 0 ? cpuS : undefined, wallS };
      log(`throughput ${name}: ${result.rps.toFixed(0)} rps (${result.errors} errors)`);
    }
    // Connections vs requests on each sidecar's listeners: keep-alive held if there are few connections.
    const connectionReuse = { client: await listenerCounters(mesh.clientAdmin), server: await listenerCounters(adminUrl(t.serverIp)) };
    // Only the sidecars and the upstream stay up for the latency runs.
    await Promise.all([fastify.stop(), nginx.stop()]);

    const latencyTargets: Record<LatencyTarget, { origin: string; host?: string }> = {
      direct: { origin: `http://${upstreamAddr}` },
      sidecar1: { origin: viaClient, host: authority(DIRECT_SERVICE) },
      sidecar2: { origin: viaClient, host: authority(MESHED_SERVICE) },
    };
    const latency = {} as Record<LatencyTarget, FixedRateResult>;
    let sidecar1Cpu = { cpuS: NaN, requests: 0, wallS: NaN };
    for (const [name, target] of Object.entries(latencyTargets) as [LatencyTarget, (typeof latencyTargets)[LatencyTarget]][]) {
      await runFixedRate({ ...target, rps: FIXED_RPS, seconds: WARMUP_S });
      const { result, cpuS, wallS } = await measureCpu([clientPid], () => runFixedRate({ ...target, rps: FIXED_RPS, seconds: LATENCY_S }));
      latency[name] = result;
      if (name === 'sidecar1') sidecar1Cpu = { cpuS, requests: result.ok + result.errors, wallS };
      log(`latency ${name} at ${FIXED_RPS} rps: p50 ${result.latency_ms.p50} p90 ${result.latency_ms.p90} p99 ${result.latency_ms.p99} ms (${result.errors} errors)`);
    }

    // The reporter's counters show the Mixer reports were really sent (not dropped) during the runs.
    const mixerReporter = await (await fetch(`http://${t.clientIp}:15020/debug/mixer`)).json().catch((err: Error) => err.message);
    const nodeBaseline = await bareNodeMemory(harness);
    const configLoadMs = await loadBigConfig(join(stateDir, 'config'), mesh.clientAdmin);
    await sleep(3000);
    const rssConfig = memory(clientPid);
    log(`1000 services applied in ${configLoadMs} ms; RSS ${rssConfig.rss.toFixed(1)} MB`);

    const measurements: Measurements = {
      throughput, latency, sidecar1Cpu, fixedRps: FIXED_RPS,
      rss: { idle: rssIdle, config1000: rssConfig, nodeBaseline, configLoadMs },
      settings: { phaseS: PHASE_S, latencyS: LATENCY_S, warmupS: WARMUP_S, connections: CONNECTIONS },
      machine: { cpuModel: cpus()[0]?.model ?? 'unknown', cores: cpus().length, loadAtStart, loadAtEnd: loadavg() },
    };
    return { ...buildReport(measurements), sidecar_listener_counters_after_throughput: connectionReuse, client_sidecar_mixer_reporter: mixerReporter };
  } finally {
    await harness.stopAll();
    await cleanup();
  }
}

/** VmRSS of a node process doing nothing, on this node: the floor under any node proxy's RSS. */
async function bareNodeMemory(harness: ProcessHarness): Promise<Memory> {
  const proc = harness.spawn('bare-node', ...pinnedCommand(LOADGEN_CORE, process.execPath, ['-e', 'setInterval(() => {}, 1000); console.log("up")']));
  await proc.waitForOutput(/up/);
  await sleep(1000);
  const mem = memory(proc.pid ?? 0);
  await proc.stop();
  return mem;
}

/** The admin API's downstream connection and request totals (`/stats?format=json`). */
async function listenerCounters(adminUrl: string): Promise<Record<string, number>> {
  const { stats } = (await (await fetch(`${adminUrl}/stats?format=json`)).json()) as { stats: { name: string; value: number }[] };
  return Object.fromEntries(stats.filter((s) => /downstream_(cx|rq)_total$/.test(s.name)).map((s) => [s.name, s.value]));
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const log = (msg: string) => console.log(`sidecar: ${msg}`);
