// The local mesh (`npm start`): every tsmesh component as a process on loopback, plus demo
// workloads with sidecars. Ctrl-C drains and stops everything.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunnerArgs } from './args';
import { controlPlanePlan, demoUrls, workloadPlan } from './plan';
import { allocateControlPlanePorts } from './ports';
import { renderTable, type StatusRow, toRow } from './status-table';
import { Supervisor, type RunningProcess } from './supervisor';
import { prepareTokens } from './tokens';
import { loadWorkloads } from './workloads';

const STOP_GRACE_MS = 8000;

async function main(): Promise<void> {
  if (Number(process.versions.node.split('.')[0]) < 24) throw new Error(`Node >= 24 required, this is ${process.version}; run through npm start`);
  const args = parseRunnerArgs(process.argv.slice(2));
  const logDir = join(args.stateDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const workloads = await loadWorkloads(args.workloadsFile);
  const supervisor = new Supervisor(logDir);
  let stopping = false;
  const shutdown = async (why: string, code: number): Promise<never> => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${why}: draining and stopping ${supervisor.running.length} processes...`);
    await supervisor.stopAll(STOP_GRACE_MS);
    console.log('all processes stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('interrupted', 0));
  process.on('SIGTERM', () => void shutdown('terminated', 0));
  process.on('exit', () => supervisor.killAllNow());

  try {
    const tokens = await prepareTokens(args.stateDir, workloads);
    const inputs = { node: process.execPath, distDir: args.distDir, stateDir: args.stateDir, configDir: args.configDir, ports: await allocateControlPlanePorts(), tokenVerificationKey: tokens.verificationKeyFile };
    console.log(`tsmesh local mesh: config ${args.configDir}, logs ${logDir}`);
    const rows: StatusRow[] = [];
    for (const plan of controlPlanePlan(inputs)) rows.push(await startOne(supervisor, plan, args.readyTimeoutMs));
    const workloadProcs = workloads.flatMap((w) => workloadPlan(inputs, w, tokens.tokenFiles.get(w.name) ?? ''));
    rows.push(...(await Promise.all(workloadProcs.map((plan) => startOne(supervisor, plan, args.readyTimeoutMs)))));
    console.log(`\n${renderTable(rows)}\n`);
    console.log(`pilot debug:   http://127.0.0.1:${inputs.ports.pilot.http}/debug/syncz`);
    console.log(`galley MCP:    http://127.0.0.1:${inputs.ports.galley.monitoring}/debug/mcp`);
    console.log(`mixer reports: http://127.0.0.1:${inputs.ports.mixer.monitoring}/debug/reports`);
    console.log(`metrics:       http://127.0.0.1:${inputs.ports.pilot.monitoring}/metrics (each component's monitoring port)`);
    const demo = demoUrls(workloads);
    if (demo.gateway) console.log(`\nBookinfo demo: ${demo.gateway}   (through the ingress gateway; signed in as jason: ${demo.gateway}?u=jason)`);
    if (demo.sidecar) console.log(`${demo.gateway ? 'straight to productpage\'s sidecar' : '\nBookinfo demo'}: ${demo.sidecar}`);
    if (args.statusJson) await writeFile(args.statusJson, JSON.stringify({ startedAt: new Date().toISOString(), components: rows }, null, 2));
    console.log('\nall components healthy; Ctrl-C to stop');
    watchForCrashes(supervisor, () => stopping);
    if (args.exitWhenReady) await shutdown('ready', 0);
  } catch (err) {
    console.error(`\nlocal mesh failed to start: ${(err as Error).message}`);
    await shutdown('start-up failed', 1);
  }
}

async function startOne(supervisor: Supervisor, plan: Parameters<Supervisor['start']>[0], timeoutMs: number): Promise<StatusRow> {
  const started = Date.now();
  process.stdout.write(`  starting ${plan.name}...\n`);
  const proc = supervisor.start(plan);
  const status = await supervisor.waitReady(proc, timeoutMs);
  process.stdout.write(`  ✓ ${plan.name} ready (pid ${proc.child.pid}, ${Date.now() - started} ms)\n`);
  return toRow(plan.name, proc.child.pid, status, proc.logFile);
}

function watchForCrashes(supervisor: Supervisor, stopping: () => boolean): void {
  for (const proc of supervisor.running as RunningProcess[]) {
    void proc.exited.then((code) => {
      if (!stopping()) console.error(`${proc.plan.name} exited unexpectedly with code ${code}; see ${proc.logFile}`);
    });
  }
}

void main();
