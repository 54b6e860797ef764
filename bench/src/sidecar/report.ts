import type { FixedRateResult } from './fixed-rate';
import type { Memory } from './proc';
import { atLeast, atMost, type Percentiles, ratio, round, type TargetCheck } from './stats';
import type { WrkResult } from './wrk';

export type ThroughputTarget = 'direct' | 'sidecar1' | 'sidecar2' | 'fastify_proxy' | 'nginx';
export type LatencyTarget = 'direct' | 'sidecar1' | 'sidecar2';

export interface ThroughputRun extends WrkResult {
  /** CPU seconds the proxy process(es) used during the measured run; undefined for direct. */
  readonly proxyCpuS: number | undefined;
  readonly wallS: number;
}

export interface Measurements {
  readonly throughput: Readonly<Record<ThroughputTarget, ThroughputRun>>;
  readonly latency: Readonly<Record<LatencyTarget, FixedRateResult>>;
  readonly sidecar1Cpu: { readonly cpuS: number; readonly requests: number; readonly wallS: number };
  readonly fixedRps: number;
  readonly rss: { readonly idle: Memory; readonly config1000: Memory; readonly nodeBaseline: Memory; readonly configLoadMs: number };
  readonly settings: { readonly phaseS: number; readonly latencyS: number; readonly warmupS: number; readonly connections: number };
  readonly machine: { readonly cpuModel: string; readonly cores: number; readonly loadAtStart: readonly number[]; readonly loadAtEnd: readonly number[] };
}

/** The targets (issue 5, "Performance"). */
export const TARGETS = { vsFastifyProxy: 1.3, vsNginx: 0.5, twoHopAddedP99Ms: 1, vcpuPer1000Rps: 0.1, rssIdleMb: 50 } as const;

const minus = (a: Percentiles, b: Percentiles): Percentiles => ({ p50: round(a.p50 - b.p50, 3), p90: round(a.p90 - b.p90, 3), p99: round(a.p99 - b.p99, 3) });

/** CPU share of one core the proxy used, and its CPU microseconds per request, during a wrk run. */
function proxyCost(run: ThroughputRun): { cpu_share_of_core: number; cpu_us_per_request: number } | undefined {
  if (run.proxyCpuS === undefined) return undefined;
  return { cpu_share_of_core: round(run.proxyCpuS / run.wallS, 2), cpu_us_per_request: round((run.proxyCpuS / run.requests) * 1e6, 1) };
}

/** The results file: the fields, ratios, each target with met and margin, and what limited it. */
export function buildReport(m: Measurements): Record<string, unknown> {
  const t = m.throughput;
  const lat = m.latency;
  const costs = Object.fromEntries(Object.entries(t).map(([name, run]) => [name, { requests: run.requests, errors: run.errors, ...proxyCost(run) }]));
  const cpuPer1000 = (m.sidecar1Cpu.cpuS / m.sidecar1Cpu.requests) * 1000;
  // At a steady 1000 rps, CPU seconds per 1000 requests is CPU seconds per second: vCPU.
  const vcpuPer1000Rps = cpuPer1000;
  const added = { sidecar1: minus(lat.sidecar1.latency_ms, lat.direct.latency_ms), sidecar2: minus(lat.sidecar2.latency_ms, lat.direct.latency_ms) };
  const s1 = proxyCost(t.sidecar1);
  const ng = proxyCost(t.nginx);
  const fp = proxyCost(t.fastify_proxy);
  // CPU per request does not depend on how much of its core a proxy got, so it still compares them on a busy machine.
  const perCpu = (other: typeof ng) => (s1 && other ? ratio(other.cpu_us_per_request, s1.cpu_us_per_request) : NaN);
  const share = s1 && s1.cpu_share_of_core >= 0.85 ? `CPU-bound (it got ${s1.cpu_share_of_core} of its core)` : `it got only ${s1?.cpu_share_of_core} of its core (other load on the machine), so its rps is a lower bound`;
  const throughputLimit = `CPU per request: the sidecar spends ${s1?.cpu_us_per_request} us, @fastify/http-proxy ${fp?.cpu_us_per_request} us, nginx ${ng?.cpu_us_per_request} us; on equal CPU the sidecar serves ${perCpu(fp)}x fastify's rate and ${perCpu(ng)}x nginx's; ${share}`;
  const targets: Record<string, TargetCheck & { limited_by?: string }> = {
    throughput_vs_fastify_proxy: atLeast(`sidecar1 rps >= ${TARGETS.vsFastifyProxy} x @fastify/http-proxy rps`, ratio(t.sidecar1.rps, t.fastify_proxy.rps), TARGETS.vsFastifyProxy),
    throughput_vs_nginx: atLeast(`sidecar1 rps >= ${TARGETS.vsNginx} x nginx (1 worker) rps`, ratio(t.sidecar1.rps, t.nginx.rps), TARGETS.vsNginx),
    two_hop_added_p99_ms: atMost(`sidecar2 p99 - direct p99 <= ${TARGETS.twoHopAddedP99Ms} ms at ${m.fixedRps} rps`, added.sidecar2.p99, TARGETS.twoHopAddedP99Ms),
    vcpu_per_1000_rps: atMost(`sidecar1 <= ${TARGETS.vcpuPer1000Rps} vCPU per 1000 rps`, vcpuPer1000Rps, TARGETS.vcpuPer1000Rps),
    rss_idle_mb: atMost(`sidecar RSS idle <= ${TARGETS.rssIdleMb} MB`, m.rss.idle.rss, TARGETS.rssIdleMb),
  };
  const limits: Record<string, string> = {
    throughput_vs_fastify_proxy: throughputLimit,
    throughput_vs_nginx: throughputLimit,
    two_hop_added_p99_ms: `p99 direct ${lat.direct.latency_ms.p99} ms, sidecar1 ${lat.sidecar1.latency_ms.p99} ms, sidecar2 ${lat.sidecar2.latency_ms.p99} ms; each hop costs about ${round(cpuPer1000, 3)} ms of CPU per request (cpu_s_per_1000_req), and both hops share one core, where a request also waits behind the others on the event loop`,
    vcpu_per_1000_rps: `${round(cpuPer1000, 3)} ms of CPU per request on the data path, access-log line and Mixer report batching included`,
    rss_idle_mb: `a bare node process (no code loaded) is ${round(m.rss.nodeBaseline.rss)} MB on this machine (${round(m.rss.nodeBaseline.anon)} MB of it private); the sidecar adds ${round(m.rss.idle.rss - m.rss.nodeBaseline.rss)} MB over it, ${round(m.rss.idle.anon - m.rss.nodeBaseline.anon)} MB of that private (RssAnon: JS heap, code, buffers)`,
  };
  for (const [name, check] of Object.entries(targets)) if (!check.met) targets[name] = { ...check, limited_by: limits[name] };

  const notes: string[] = [];
  for (const [name, run] of Object.entries(t)) {
    const cost = proxyCost(run);
    if (cost && cost.cpu_share_of_core < 0.85) notes.push(`${name} used ${cost.cpu_share_of_core} of its core: not CPU-bound, so the other core (wrk + upstream) or other load on the machine capped it; its rps is a lower bound`);
  }
  for (const [name, r] of Object.entries(lat)) {
    if (r.send_lag_p99_ms > 5) notes.push(`latency ${name}: the generator sent late (p99 ${r.send_lag_p99_ms} ms behind schedule): its core, shared with the upstream and mixer, or other load on the machine was busy, and its answers were read late too`);
  }
  const errors = [...Object.entries(t).map(([n, r]) => [n, r.errors] as const), ...Object.entries(lat).map(([n, r]) => [`${n}@${m.fixedRps}rps`, r.errors] as const)].filter(([, e]) => e > 0);
  return {
    throughput_rps: Object.fromEntries(Object.entries(t).map(([name, run]) => [name, round(run.rps, 0)])),
    throughput_detail: costs,
    latency_ms_at_1000rps: { direct: lat.direct.latency_ms, sidecar1: lat.sidecar1.latency_ms, sidecar2: lat.sidecar2.latency_ms },
    latency_added_vs_direct_ms: added,
    latency_runs: Object.fromEntries(Object.entries(lat).map(([name, r]) => [name, { sent: r.sent, ok: r.ok, errors: r.errors, send_lag_p99_ms: r.send_lag_p99_ms }])),
    cpu_s_per_1000_req: { sidecar1: round(cpuPer1000, 4) },
    rss_mb: { idle: round(m.rss.idle.rss), config_1000_services: round(m.rss.config1000.rss), bare_node_process: round(m.rss.nodeBaseline.rss) },
    rss_anon_mb: { idle: round(m.rss.idle.anon), config_1000_services: round(m.rss.config1000.anon), bare_node_process: round(m.rss.nodeBaseline.anon) },
    config_1000_services_applied_ms: m.rss.configLoadMs,
    ratios: {
      sidecar1_vs_fastify_proxy: ratio(t.sidecar1.rps, t.fastify_proxy.rps),
      sidecar1_vs_nginx: ratio(t.sidecar1.rps, t.nginx.rps),
      sidecar1_vs_direct: ratio(t.sidecar1.rps, t.direct.rps),
      sidecar2_vs_direct: ratio(t.sidecar2.rps, t.direct.rps),
      fastify_proxy_vs_direct: ratio(t.fastify_proxy.rps, t.direct.rps),
      nginx_vs_direct: ratio(t.nginx.rps, t.direct.rps),
      sidecar1_vs_fastify_proxy_on_equal_cpu: perCpu(fp),
      sidecar1_vs_nginx_on_equal_cpu: perCpu(ng),
      two_hop_added_p99_ms: added.sidecar2.p99,
      vcpu_per_1000_rps: round(vcpuPer1000Rps, 4),
    },
    targets,
    setup: {
      cores: 'proxy under test (sidecars, @fastify/http-proxy, nginx worker) pinned to core 1; wrk, the fixed-rate generator, the upstream and mixer pinned to core 0; galley, pilot and citadel unpinned (idle during the runs)',
      upstream: 'node:http, 1 KB body, keep-alive',
      throughput: `wrk -t1 -c${m.settings.connections}, keep-alive, ${m.settings.warmupS} s warm-up then ${m.settings.phaseS} s measured per target`,
      latency: `open-loop generator (undici Pool, 64 connections) at ${m.fixedRps} rps, ${m.settings.warmupS} s warm-up then ${m.settings.latencyS} s measured; latency from dispatch to the last body byte`,
      sidecar1: 'wrk -> client sidecar :15001 (Host: upstream-direct.bench.svc.cluster.local:8080) -> upstream',
      sidecar2: 'wrk -> client sidecar :15001 (Host: upstream-meshed...) -> server sidecar inbound listener -> upstream',
      config: 'sidecars configured by real citadel, galley and pilot; access logs written to a file; Mixer reports sent to a real mixer',
    },
    errors: Object.fromEntries(errors),
    notes,
    machine: { cpu_model: m.machine.cpuModel, cores: m.machine.cores, load_average_at_start: m.machine.loadAtStart.map((l) => round(l, 2)), load_average_at_end: m.machine.loadAtEnd.map((l) => round(l, 2)), shared: 'other engineers were using the same cores' },
    date: new Date().toISOString(),
  };
}
