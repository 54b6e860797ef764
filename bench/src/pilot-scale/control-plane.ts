import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePorts, type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';

export const WORKSPACE = resolve(__dirname, '../..');

export interface ControlPlane {
  readonly galley: HarnessProcess;
  readonly pilot: HarnessProcess;
  readonly pilotGrpc: string;
  readonly pilotHttp: string;
}

// BENCH_DIST_DIR runs another build (default dist/), e.g. a snapshot copy others' rebuilds leave alone.
export function distMain(root: string): string {
  const main = join(process.env['BENCH_DIST_DIR'] ?? join(WORKSPACE, 'dist'), root, 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p galley,pilot,xds-load`);
  return main;
}

/** Real galley (watching `configDir`) and pilot (its MCP client) from dist/, on free loopback ports. */
export async function startControlPlane(harness: ProcessHarness, configDir: string, stateDir: string): Promise<ControlPlane> {
  const [mcp, validation, galleyMon, grpc, http, pilotMon] = await freePorts(6);
  const galley = harness.spawn('galley', process.execPath, [
    distMain('apps/galley'), '--grpc-port', String(mcp), '--config-dir', configDir, '--validation-port', String(validation),
    '--cert-dir', join(stateDir, 'galley'), '--monitoring-port', String(galleyMon), '--log-level', 'warn', '--max-file-size', String(64 * 1024 * 1024),
  ]);
  await waitForHttpOk(`http://127.0.0.1:${galleyMon}/healthz/ready`, 120_000);
  const pilot = harness.spawn('pilot', process.execPath, [
    // A bigger heap than the default so the RSS target, not V8's default limit, is what is measured.
    '--max-old-space-size=2048', ...extraNodeArgs(), distMain('apps/pilot'), '--grpc-port', String(grpc), '--http-port', String(http),
    '--galley-address', `127.0.0.1:${mcp}`, '--monitoring-port', String(pilotMon), '--log-level', 'warn',
  ]);
  await waitForHttpOk(`http://127.0.0.1:${pilotMon}/healthz/ready`, 120_000);
  return { galley, pilot, pilotGrpc: `127.0.0.1:${grpc}`, pilotHttp: `http://127.0.0.1:${http}` };
}

export interface ProcessUsage {
  readonly rssMb: number;
  readonly peakRssMb: number;
  readonly cpuSeconds: number;
}

/** Memory (VmRSS / VmHWM) and CPU time (utime + stime) of a live process, from /proc. */
export function processUsage(pid: number): ProcessUsage {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  // Fields after the command name (which may hold spaces) start at ")"; utime and stime are 14th and 15th.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024, cpuSeconds: ticks / 100 };
}

/** BENCH_PILOT_NODE_ARGS (space-separated), e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, for profiling pilot. */
function extraNodeArgs(): string[] {
  return (process.env['BENCH_PILOT_NODE_ARGS'] ?? '').split(' ').filter((a) => a !== '');
}
