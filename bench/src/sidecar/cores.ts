import { execFileSync } from 'node:child_process';

/** The proxy under test (sidecars, @fastify/http-proxy, nginx's worker) runs alone on this core. */
export const PROXY_CORE = 1;
/** wrk, the fixed-rate generator (this process), the upstream and mixer share this one. */
export const LOADGEN_CORE = 0;

/** `[command, args]` that runs `command args` on `core` only (taskset execs it, so the pid is the command's). */
export function pinnedCommand(core: number, command: string, args: readonly string[]): [string, string[]] {
  return ['taskset', ['-c', String(core), command, ...args]];
}

/** Pins every thread of this process (the fixed-rate generator runs here) to `core`. */
export function pinSelf(core: number): void {
  execFileSync('taskset', ['-a', '-p', '-c', String(core), String(process.pid)], { stdio: 'ignore' });
}

/** Fails with a clear message when a tool the bench needs is not installed. */
export function requireTools(tools: readonly { readonly name: string; readonly apt: string }[]): void {
  const missing = tools.filter((t) => {
    try {
      execFileSync('sh', ['-c', `command -v ${t.name}`], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) {
    throw new Error(`sidecar bench needs ${missing.map((t) => t.name).join(' and ')} on PATH: apt-get install ${missing.map((t) => t.apt).join(' ')}`);
  }
}
