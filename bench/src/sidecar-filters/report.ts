// Pure arithmetic for the sidecar-filters bench: per-configuration aggregates and ratios against the baseline.
import { ratio, round } from '../sidecar/stats';
import type { ConfigKind, FilterConfig } from './configs';

/** One measured wrk phase of one configuration. */
export interface PhaseRun {
  readonly rps: number;
  readonly requests: number;
  /** wrk's non-2xx answers and socket errors. */
  readonly errors: number;
  /** The sidecar's utime+stime during the phase, and the phase's wall time. */
  readonly cpuS: number;
  readonly wallS: number;
  /** Sum over the sidecar's clusters of upstream_rq_total and upstream_rq_retry during the phase. */
  readonly upstreamRequests: number;
  readonly retries: number;
}

/** An overhead (in % of the baseline's CPU per request) is "close to zero" under this, or under the baseline's own spread. */
export const CLOSE_TO_ZERO_PCT = 3;

export interface ConfigResult {
  readonly kind: ConfigKind;
  readonly description: string;
  readonly rps: number;
  readonly cpu_us_per_request: number;
  readonly cpu_share_of_core: number;
  readonly rps_vs_baseline: number;
  readonly cpu_vs_baseline: number;
  /** CPU per request above the baseline's, in µs (negative: cheaper). */
  readonly cpu_us_over_baseline: number;
  readonly overhead_pct: { readonly cpu: number; readonly rps: number };
  readonly upstream_requests_per_request: number;
  readonly retries_per_request: number;
  readonly errors: number;
  readonly rounds: readonly { rps: number; cpu_us_per_request: number; errors: number }[];
}

const runCpuUs = (r: PhaseRun) => (r.requests > 0 ? (r.cpuS * 1e6) / r.requests : NaN);
const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The median: one round slowed by another process on the shared cores does not move it. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : mean([sorted[mid - 1] ?? NaN, sorted[mid] ?? NaN]);
}
const cpuUs = (runs: readonly PhaseRun[]) => median(runs.map(runCpuUs));
const sum = (runs: readonly PhaseRun[], f: (r: PhaseRun) => number) => runs.reduce((n, r) => n + f(r), 0);

/** Median CPU per request and rps over the rounds of one configuration, against the baseline's medians. */
export function configResult(config: FilterConfig, runs: readonly PhaseRun[], baseline: readonly PhaseRun[]): ConfigResult {
  const [cpu, baseCpu] = [cpuUs(runs), cpuUs(baseline)];
  const [rps, baseRps] = [median(runs.map((r) => r.rps)), median(baseline.map((r) => r.rps))];
  const requests = sum(runs, (r) => r.requests);
  return {
    kind: config.kind,
    description: config.description,
    rps: round(rps, 0),
    cpu_us_per_request: round(cpu, 1),
    cpu_share_of_core: round(sum(runs, (r) => r.cpuS) / sum(runs, (r) => r.wallS), 2),
    rps_vs_baseline: ratio(rps, baseRps),
    cpu_vs_baseline: ratio(cpu, baseCpu),
    cpu_us_over_baseline: round(cpu - baseCpu, 1),
    overhead_pct: { cpu: round((cpu / baseCpu - 1) * 100, 1), rps: round((baseRps / rps - 1) * 100, 1) },
    upstream_requests_per_request: ratio(sum(runs, (r) => r.upstreamRequests), requests),
    retries_per_request: ratio(sum(runs, (r) => r.retries), requests),
    errors: sum(runs, (r) => r.errors),
    rounds: runs.map((r) => ({ rps: round(r.rps, 0), cpu_us_per_request: round(runCpuUs(r), 1), errors: r.errors })),
  };
}

/** How much the baseline's CPU per request moved between rounds, in % of its median: the noise floor of this run. */
export function spreadPct(runs: readonly PhaseRun[]): number {
  const values = runs.map(runCpuUs);
  if (values.length < 2) return NaN;
  return round(((Math.max(...values) - Math.min(...values)) / median(values)) * 100, 1);
}

/** Per untriggered configuration: its CPU overhead in %, and whether that is close to zero (≤ 3 % or within the baseline's spread). */
export function untriggeredOverheads(results: Readonly<Record<string, ConfigResult>>, baselineSpreadPct: number): Record<string, { overhead_pct: number; close_to_zero: boolean }> {
  const bound = Math.max(CLOSE_TO_ZERO_PCT, Number.isFinite(baselineSpreadPct) ? baselineSpreadPct : 0);
  return Object.fromEntries(
    Object.entries(results)
      .filter(([, r]) => r.kind === 'untriggered')
      .map(([name, r]) => [name, { overhead_pct: r.overhead_pct.cpu, close_to_zero: r.overhead_pct.cpu <= bound }]),
  );
}

/** The retry's cost per retried request: the CPU above the baseline divided over the retries actually made. */
export function costPerRetryUs(retry: ConfigResult | undefined): number {
  if (!retry || !(retry.retries_per_request > 0)) return NaN;
  return round(retry.cpu_us_over_baseline / retry.retries_per_request, 1);
}

/** What a reader must know to trust the numbers: phases where the sidecar was not CPU-bound, unexpected errors, the noise floor. */
export function runNotes(results: Readonly<Record<string, ConfigResult>>, baselineSpreadPct: number): string[] {
  const notes: string[] = [];
  const notBound = Object.entries(results).filter(([, r]) => r.cpu_share_of_core < 0.9);
  if (notBound.length > 0) {
    notes.push(`the sidecar had less than 0.9 of its core (other load on the shared machine) in ${notBound.map(([n, r]) => `${n} (${r.cpu_share_of_core})`).join(', ')}: their rps are lower bounds; CPU per request still holds`);
  }
  // A 100% abort answers every request with the fault's status: wrk counts those as non-2xx, by design.
  const failed = Object.entries(results).filter(([n, r]) => r.errors > 0 && n !== 'fault_abort_100pct');
  if (failed.length > 0) notes.push(`requests failed (wrk's non-2xx answers or socket errors, e.g. its 2 s timeout) in ${failed.map(([n, r]) => `${n} (${r.errors})`).join(', ')}`);
  if (baselineSpreadPct > CLOSE_TO_ZERO_PCT) notes.push(`the baseline's CPU per request moved ${baselineSpreadPct}% between rounds: overheads smaller than that are noise in this run`);
  return notes;
}
