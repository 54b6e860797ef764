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

/** An overhead (in % of the baseline's CPU per request) is "close to zero" under this, or under the run's noise floor. */
export const CLOSE_TO_ZERO_PCT = 3;

/** A measured phase in the order the bench ran it: a baseline phase sits between every two others. */
export interface SequencedRun {
  readonly config: string;
  readonly run: PhaseRun;
}

export interface ConfigResult {
  readonly kind: ConfigKind;
  readonly description: string;
  readonly rps: number;
  readonly cpu_us_per_request: number;
  readonly cpu_share_of_core: number;
  /** Medians of each phase's value over the mean of the two baseline phases around it. */
  readonly rps_vs_baseline: number;
  readonly cpu_vs_baseline: number;
  /** CPU per request above the baseline's around it, in µs (negative: cheaper). */
  readonly cpu_us_over_baseline: number;
  readonly overhead_pct: { readonly cpu: number; readonly rps: number };
  readonly upstream_requests_per_request: number;
  readonly retries_per_request: number;
  readonly errors: number;
  readonly phases: readonly { rps: number; cpu_us_per_request: number; cpu_vs_baseline_around: number; errors: number }[];
}

const runCpuUs = (r: PhaseRun) => (r.requests > 0 ? (r.cpuS * 1e6) / r.requests : NaN);
const mean = (xs: readonly number[]) => (xs.length > 0 ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** The median: one phase slowed by another process on the shared cores does not move it. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? NaN) : mean([sorted[mid - 1] ?? NaN, sorted[mid] ?? NaN]);
}
const sum = (runs: readonly PhaseRun[], f: (r: PhaseRun) => number) => runs.reduce((n, r) => n + f(r), 0);

/** Each phase of `config` with the baseline phases just before and after it (either may be missing at the ends). */
function withNeighbours(sequence: readonly SequencedRun[], config: string): { run: PhaseRun; around: PhaseRun[] }[] {
  const out: { run: PhaseRun; around: PhaseRun[] }[] = [];
  sequence.forEach((s, i) => {
    if (s.config !== config) return;
    const around = [sequence[i - 1], sequence[i + 1]].filter((n): n is SequencedRun => n?.config === BASELINE).map((n) => n.run);
    out.push({ run: s.run, around });
  });
  return out;
}

export const BASELINE = 'baseline';

/**
 * A configuration's medians, and its ratios to the baseline measured right around each of its
 * phases (the mean of the baseline phase before and after): a drift in the machine's load
 * between phases far apart in time does not enter the ratios.
 */
export function configResult(config: FilterConfig, sequence: readonly SequencedRun[]): ConfigResult {
  const phases = withNeighbours(sequence, config.name);
  const runs = phases.map((p) => p.run);
  const isBaseline = config.name === BASELINE;
  const rel = (f: (r: PhaseRun) => number) => phases.map((p) => (isBaseline ? 1 : f(p.run) / mean(p.around.map(f))));
  const cpuRatios = rel(runCpuUs);
  const cpuOver = phases.map((p) => (isBaseline ? 0 : runCpuUs(p.run) - mean(p.around.map(runCpuUs))));
  const cpuRatio = median(cpuRatios);
  const rpsRatio = median(rel((r) => r.rps));
  const requests = sum(runs, (r) => r.requests);
  return {
    kind: config.kind,
    description: config.description,
    rps: round(median(runs.map((r) => r.rps)), 0),
    cpu_us_per_request: round(median(runs.map(runCpuUs)), 1),
    cpu_share_of_core: round(sum(runs, (r) => r.cpuS) / sum(runs, (r) => r.wallS), 2),
    rps_vs_baseline: round(rpsRatio, 3),
    cpu_vs_baseline: round(cpuRatio, 3),
    cpu_us_over_baseline: round(median(cpuOver), 1),
    overhead_pct: { cpu: round((cpuRatio - 1) * 100, 1), rps: round((1 / rpsRatio - 1) * 100, 1) },
    upstream_requests_per_request: ratio(sum(runs, (r) => r.upstreamRequests), requests),
    retries_per_request: ratio(sum(runs, (r) => r.retries), requests),
    errors: sum(runs, (r) => r.errors),
    phases: phases.map((p, i) => ({ rps: round(p.run.rps, 0), cpu_us_per_request: round(runCpuUs(p.run), 1), cpu_vs_baseline_around: round(cpuRatios[i] ?? NaN, 3), errors: p.run.errors })),
  };
}

/**
 * This run's noise floor: how much the baseline's CPU per request moved from one baseline phase to
 * the next (a configuration ran between them), as the median of |next/previous - 1|, in %.
 */
export function baselineNoisePct(sequence: readonly SequencedRun[]): number {
  const values = sequence.filter((s) => s.config === BASELINE).map((s) => runCpuUs(s.run));
  const steps = values.slice(1).map((v, i) => Math.abs(v / (values[i] ?? NaN) - 1) * 100);
  return steps.length > 0 ? round(median(steps), 1) : NaN;
}

/** Per untriggered configuration: its CPU overhead in %, and whether that is close to zero (≤ 3 % or within the run's noise floor). */
export function untriggeredOverheads(results: Readonly<Record<string, ConfigResult>>, noisePct: number): Record<string, { overhead_pct: number; close_to_zero: boolean }> {
  const bound = Math.max(CLOSE_TO_ZERO_PCT, Number.isFinite(noisePct) ? noisePct : 0);
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
export function runNotes(results: Readonly<Record<string, ConfigResult>>, noisePct: number): string[] {
  const notes: string[] = [];
  const notBound = Object.entries(results).filter(([, r]) => r.cpu_share_of_core < 0.9);
  if (notBound.length > 0) {
    notes.push(`the sidecar had less than 0.9 of its core (other load on the shared machine) in ${notBound.map(([n, r]) => `${n} (${r.cpu_share_of_core})`).join(', ')}: their rps are lower bounds; CPU per request still holds`);
  }
  // A 100% abort answers every request with the fault's status: wrk counts those as non-2xx, by design.
  const failed = Object.entries(results).filter(([n, r]) => r.errors > 0 && n !== 'fault_abort_100pct');
  if (failed.length > 0) notes.push(`requests failed (wrk's non-2xx answers or socket errors, e.g. its 2 s timeout) in ${failed.map(([n, r]) => `${n} (${r.errors})`).join(', ')}`);
  if (noisePct > CLOSE_TO_ZERO_PCT) notes.push(`the baseline's CPU per request moved ${noisePct}% (median) from one baseline phase to the next: overheads smaller than that are noise in this run`);
  return notes;
}
