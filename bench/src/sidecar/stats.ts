// Pure arithmetic for the sidecar bench: percentiles, ratios and the targets.

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

/** Nearest-rank percentile of unsorted `values`; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

/** p50/p90/p99 in ms (3 decimals) of latencies in ms. */
export function percentiles(valuesMs: readonly number[]): Percentiles {
  return { p50: round(percentile(valuesMs, 50), 3), p90: round(percentile(valuesMs, 90), 3), p99: round(percentile(valuesMs, 99), 3) };
}

export function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? round(numerator / denominator, 3) : NaN;
}

export function round(n: number, decimals = 1): number {
  const f = 10 ** decimals;
  return Math.round(n * f) / f;
}

/**
 * utime+stime in seconds from the text of /proc/<pid>/stat. The command name (field 2) may hold
 * spaces and parentheses, so fields are counted from the last ")"; utime and stime are fields 14
 * and 15, counted in clock ticks of 1/100 s.
 */
export function cpuSecondsFromStat(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11] ?? NaN) + Number(fields[12] ?? NaN)) / 100;
}

/** A field in kB (VmRSS, RssAnon, ...) of the text of /proc/<pid>/status, in MB. */
export function statusMb(status: string, field: string): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1];
  return kb === undefined ? NaN : Number(kb) / 1024;
}

export interface TargetCheck {
  readonly target: string;
  readonly measured: number;
  readonly met: boolean;
  /** How far from the target: positive is headroom, negative is the shortfall, in the target's unit. */
  readonly margin: number;
  readonly margin_pct: number;
}

/** `measured` must be at least `min`. */
export function atLeast(target: string, measured: number, min: number): TargetCheck {
  return check(target, measured, measured - min, min);
}

/** `measured` must be at most `max`. */
export function atMost(target: string, measured: number, max: number): TargetCheck {
  return check(target, measured, max - measured, max);
}

function check(target: string, measured: number, margin: number, bound: number): TargetCheck {
  const met = Number.isFinite(measured) && margin >= 0;
  return { target, measured: round(measured, 3), met, margin: round(margin, 3), margin_pct: bound !== 0 ? round((margin / bound) * 100, 1) : NaN };
}
