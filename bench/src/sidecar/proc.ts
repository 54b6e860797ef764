import { readFileSync } from 'node:fs';
import { cpuSecondsFromStat, statusMb } from './stats';

/** The live children of `pid` (nginx's worker under its master), from /proc. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter((s) => s.trim() !== '').map(Number);
  } catch {
    return [];
  }
}

/** utime+stime of `pid` and its live children, in seconds (clock ticks of 1/100 s). */
export function cpuSeconds(pid: number): number {
  return [pid, ...childPids(pid)].reduce((sum, p) => sum + cpuSecondsFromStat(readFileSync(`/proc/${p}/stat`, 'utf8')), 0);
}

/** Resident memory in MB: all of it (VmRSS), and the part private to the process (RssAnon: heaps, not the mapped binary). */
export interface Memory {
  readonly rss: number;
  readonly anon: number;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rss: statusMb(status, 'VmRSS'), anon: statusMb(status, 'RssAnon') };
}

/** Runs `work` and reports the CPU seconds `pids` (with their children) used meanwhile, and the wall time. */
export async function measureCpu<T>(pids: readonly number[], work: () => Promise<T>): Promise<{ result: T; cpuS: number; wallS: number }> {
  const total = () => pids.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const before = total();
  const start = performance.now();
  const result = await work();
  return { result, cpuS: total() - before, wallS: (performance.now() - start) / 1000 };
}
