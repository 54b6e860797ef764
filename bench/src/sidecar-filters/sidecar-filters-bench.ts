import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { cleanup, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { pinSelf, LOADGEN_CORE, requireTools } from '../sidecar/cores';
import { authority, DIRECT_SERVICE, makeTopology, OUTBOUND_PORT, SERVICE_PORT, startMesh, WORKSPACE } from '../sidecar/mesh';
import { measureCpu } from '../sidecar/proc';
import { startUpstream } from '../sidecar/servers';
import { round } from '../sidecar/stats';
import { runWrk } from '../sidecar/wrk';
import { applyConfig } from './apply-config';
import { FILTER_CONFIGS, FLAKY_SERVICE, flakyServiceYaml, type FilterConfig } from './configs';
import { startFlakyUpstream } from './flaky-upstream';
import { BASELINE, baselineNoisePct, CLOSE_TO_ZERO_PCT, configResult, costPerRetryUs, type PhaseRun, runNotes, type SequencedRun, untriggeredOverheads } from './report';

// BENCH_FILTERS_SECONDS shortens each measured phase while developing; BENCH_FILTERS_ROUNDS sets how often each configuration is measured.
const PHASE_S = Number(process.env['BENCH_FILTERS_SECONDS'] ?? 4);
const ROUNDS = Math.max(1, Number(process.env['BENCH_FILTERS_ROUNDS'] ?? 2));
// Before each phase: connections up under the new routes. Before the first round: a longer baseline run and a pass over every configuration (a cold JIT).
const WARMUP_S = Math.min(1, PHASE_S);
const FIRST_WARMUP_S = Math.min(8, PHASE_S * 2);
const CONNECTIONS = 50;
// BENCH_FILTERS_ONLY=mirror,cors_no_origin measures only those and the baseline (e.g. to profile one with BENCH_SIDECAR_NODE_ARGS='--cpu-prof ...').
const ONLY = (process.env['BENCH_FILTERS_ONLY'] ?? '').split(',').filter((n) => n !== '');

/**
 * The cost of each HTTP filter and route policy on the sidecar's hot path, in one run against one
 * sidecar (one hop, the client sidecar's virtual listener, pinned alone to its core as in the
 * sidecar bench): for each configuration (a VirtualService written into galley's directory and
 * awaited in the sidecar's /config_dump and on the data path), wrk's maximum throughput and the
 * sidecar's CPU per request. A baseline phase runs between every two others, and each ratio is
 * taken against the baseline just around the phase: on shared cores, load from elsewhere drifts.
 */
export async function sidecarFiltersBench(): Promise<Record<string, unknown>> {
  requireTools([{ name: 'wrk', apt: 'wrk' }, { name: 'taskset', apt: 'util-linux' }]);
  if (cpus().length < 2) throw new Error('sidecar-filters bench needs 2 cores: one for the sidecar, one for the load generator');
  if (process.env['BENCH_SKIP_BUILD'] !== '1') {
    execFileSync(process.execPath, [join(WORKSPACE, 'node_modules/.bin/nx'), 'run-many', '-t', 'build', '-p', 'citadel,galley,pilot,mixer,sidecar', '--output-style=static'], { cwd: WORKSPACE, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false' } });
  }
  const unknown = ONLY.filter((n) => !FILTER_CONFIGS.some((c) => c.name === n));
  if (unknown.length > 0) throw new Error(`BENCH_FILTERS_ONLY names unknown configurations: ${unknown.join(', ')}; known: ${FILTER_CONFIGS.map((c) => c.name).join(', ')}`);
  const selected = FILTER_CONFIGS.filter((c) => ONLY.length === 0 || c.kind === 'reference' || ONLY.includes(c.name));
  const loadAtStart = loadavg();
  const startedAt = Date.now();
  pinSelf(LOADGEN_CORE);
  const harness = new ProcessHarness();
  try {
    const stateDir = await makeTempDir('bench-sidecar-filters-');
    const configDir = join(stateDir, 'config');
    const t = makeTopology();
    const flakyIp = t.upstreamIp.replace(/\.\d+$/, '.22');
    await startUpstream(harness, t.upstreamIp, SERVICE_PORT);
    await startFlakyUpstream(harness, flakyIp, SERVICE_PORT);
    const mesh = await startMesh(harness, stateDir, configDir, t);
    await writeFile(join(configDir, 'flaky.yaml'), flakyServiceYaml(flakyIp, SERVICE_PORT));
    const sidecarPid = mesh.client.pid ?? 0;
    const outbound = `http://${t.clientIp}:${OUTBOUND_PORT}`;
    for (const service of [DIRECT_SERVICE, FLAKY_SERVICE]) {
      // The flaky service answers 200 at once too: the default route's retry policy retries its 503.
      await waitFor(() => answers200(outbound, authority(service)), { timeoutMs: 60_000, intervalMs: 250, what: `${service} answers through the client sidecar` });
    }
    log(`mesh up in ${Math.round((Date.now() - startedAt) / 1000)} s; ${ROUNDS} rounds of ${selected.length - 1} configurations, each between two baseline phases, ${PHASE_S} s each`);

    const applyMs: number[] = [];
    // Unmeasured: a longer run of the baseline, then every configuration once, so no measured phase pays for compiling its code paths.
    await runWrk({ url: `${outbound}/`, host: authority(DIRECT_SERVICE), connections: CONNECTIONS, seconds: FIRST_WARMUP_S });
    for (const config of selected) {
      await applyConfig(configDir, mesh.clientAdmin, outbound, config);
      await runWrk({ url: `${outbound}/`, host: authority(config.service), connections: CONNECTIONS, seconds: WARMUP_S });
    }
    const sequence: SequencedRun[] = [];
    for (const [i, config] of phaseOrder(selected, ROUNDS).entries()) {
      applyMs.push(await applyConfig(configDir, mesh.clientAdmin, outbound, config));
      const run = await measurePhase(config, `${outbound}/`, sidecarPid, mesh.clientAdmin);
      sequence.push({ config: config.name, run });
      log(`phase ${i + 1} ${config.name}: ${run.rps.toFixed(0)} rps, ${((run.cpuS * 1e6) / run.requests).toFixed(1)} us/request, ${run.errors} errors`);
    }

    const configs = Object.fromEntries(selected.map((c) => [c.name, configResult(c, sequence)]));
    const noise = baselineNoisePct(sequence);
    const overheads = untriggeredOverheads(configs, noise);
    const loadAtEnd = loadavg();
    return {
      overhead_present_not_triggered_pct: overheads,
      close_to_zero_means: `CPU per request at most ${CLOSE_TO_ZERO_PCT}% or this run's noise floor (${noise}%) above the baseline phases around it`,
      baseline_noise_pct: noise,
      cost_us_per_request: Object.fromEntries(Object.entries(configs).filter(([, c]) => c.kind === 'cost' || c.kind === 'triggered').map(([n, c]) => [n, c.cpu_us_over_baseline])),
      retry_cost_us_per_retried_request: costPerRetryUs(configs['retry_triggered']),
      configs,
      config_apply_ms: { max: Math.max(...applyMs), mean: round(applyMs.reduce((a, b) => a + b, 0) / applyMs.length, 0) },
      settings: { phase_s: PHASE_S, warmup_s: WARMUP_S, first_warmup_s: FIRST_WARMUP_S, rounds: ROUNDS, phases: sequence.length, connections: CONNECTIONS, wrk: `-t1 -c${CONNECTIONS}, keep-alive, 1 KB response body` },
      machine: { cpu_model: cpus()[0]?.model ?? 'unknown', cores: cpus().length, load_average_at_start: loadAtStart.map((l) => round(l, 2)), load_average_at_end: loadAtEnd.map((l) => round(l, 2)) },
      notes: runNotes(configs, noise),
      date: new Date().toISOString().slice(0, 10),
      duration_s: Math.round((Date.now() - startedAt) / 1000),
    };
  } finally {
    await harness.stopAll();
    await cleanup();
  }
}

/**
 * The measured phases: the baseline, then per round every other configuration followed by the
 * baseline again (forward in odd rounds, backward in even ones, so a drift in the machine's load
 * falls evenly), so each configuration is compared with the baseline measured just before and after it.
 */
function phaseOrder(selected: readonly FilterConfig[], rounds: number): FilterConfig[] {
  const baseline = selected.find((c) => c.name === BASELINE);
  if (!baseline) throw new Error('the baseline configuration is missing');
  const others = selected.filter((c) => c !== baseline);
  const order = [baseline];
  for (let r = 0; r < rounds; r++) for (const config of r % 2 === 0 ? others : [...others].reverse()) order.push(config, baseline);
  return order;
}

/** A warm-up, then one measured wrk phase with the sidecar's CPU and its cluster counters around it. */
async function measurePhase(config: FilterConfig, url: string, sidecarPid: number, adminUrl: string): Promise<PhaseRun> {
  const target = { url, host: authority(config.service), connections: CONNECTIONS };
  await runWrk({ ...target, seconds: WARMUP_S });
  const before = await clusterCounters(adminUrl);
  const { result, cpuS, wallS } = await measureCpu([sidecarPid], () => runWrk({ ...target, seconds: PHASE_S }));
  const after = await clusterCounters(adminUrl);
  return { ...result, cpuS, wallS, upstreamRequests: after.requests - before.requests, retries: after.retries - before.retries };
}

/** upstream_rq_total and upstream_rq_retry summed over the sidecar's clusters (`/stats?format=json`). */
async function clusterCounters(adminUrl: string): Promise<{ requests: number; retries: number }> {
  const { stats } = (await (await fetch(`${adminUrl}/stats?format=json`)).json()) as { stats: { name: string; value: number }[] };
  const total = (suffix: string) => stats.filter((s) => s.name.startsWith('cluster.') && s.name.endsWith(suffix)).reduce((n, s) => n + s.value, 0);
  return { requests: total('.upstream_rq_total'), retries: total('.upstream_rq_retry') };
}

async function answers200(origin: string, host: string): Promise<boolean> {
  const res = await request(origin, { headers: { host } });
  await res.body.dump();
  return res.statusCode === 200;
}

const log = (msg: string) => console.log(`sidecar-filters: ${msg}`);
