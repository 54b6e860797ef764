import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

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

/** Whether an executable `name` is on PATH. */
export function onPath(name: string, path = process.env['PATH'] ?? ''): boolean {
  return path.split(delimiter).some((dir) => {
    if (dir === '') return false;
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Fails with a clear message when a tool the bench needs is not installed. */
export function requireTools(tools: readonly { readonly name: string; readonly apt: string }[]): void {
  const missing = tools.filter((t) => !onPath(t.name));
  if (missing.length > 0) {
    throw new Error(`the sidecar bench needs ${missing.map((t) => t.name).join(' and ')} on PATH, which ${missing.length > 1 ? 'are' : 'is'} missing: apt-get install ${missing.map((t) => t.apt).join(' ')}`);
  }
}
