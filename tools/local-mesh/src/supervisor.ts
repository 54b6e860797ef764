import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';

export interface ProcessPlan {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** `http://host:port` of the component's monitoring server, or undefined for plain apps. */
  readonly monitoringUrl?: string;
  /** For plain apps: the address to probe with an HTTP GET. */
  readonly probeUrl?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface ComponentStatus {
  readonly name?: string;
  readonly pid?: number;
  readonly ready?: boolean;
  readonly reasons?: readonly string[];
  readonly ports?: Readonly<Record<string, number>>;
  readonly connectedTo?: readonly string[];
}

export interface RunningProcess {
  readonly plan: ProcessPlan;
  readonly child: ChildProcess;
  readonly logFile: string;
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined;
}

/**
 * Starts and stops the mesh's processes. Each one gets its own process group and log file, so
 * stopping the runner (or a crash of it) never leaves a component behind.
 */
export class Supervisor {
  readonly #running: RunningProcess[] = [];
  readonly #logDir: string;

  constructor(logDir: string) {
    this.#logDir = logDir;
  }

  get running(): readonly RunningProcess[] {
    return this.#running;
  }

  start(plan: ProcessPlan): RunningProcess {
    const logFile = join(this.#logDir, `${plan.name.replaceAll('/', '.')}.log`);
    const log: WriteStream = createWriteStream(logFile, { flags: 'w' });
    log.on('error', (err) => console.error(`cannot write ${logFile}: ${err.message}`));
    const child = spawn(plan.command, plan.args, { env: { ...process.env, ...plan.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const entry: RunningProcess = {
      plan,
      child,
      logFile,
      exitCode: undefined,
      exited: new Promise((resolve) => {
        child.once('exit', (code, signal) => {
          entry.exitCode = code ?? (signal ? 128 : null);
          setTimeout(() => log.end(), 50);
          resolve(entry.exitCode);
        });
        child.once('error', (err) => {
          log.write(`failed to start: ${err.message}\n`);
          entry.exitCode = 127;
          resolve(127);
        });
      }),
    };
    this.#running.push(entry);
    return entry;
  }

  /** Polls until the process reports ready, exits, or the deadline passes. */
  async waitReady(proc: RunningProcess, timeoutMs: number): Promise<ComponentStatus> {
    const deadline = Date.now() + timeoutMs;
    let last: ComponentStatus | string = 'no answer yet';
    while (Date.now() < deadline) {
      if (proc.exitCode !== undefined) {
        throw new Error(`${proc.plan.name} exited with code ${proc.exitCode} before it was ready:\n${await tail(proc.logFile)}`);
      }
      const status = await probe(proc.plan).catch((err: Error) => err.message);
      if (typeof status !== 'string' && status.ready) return status;
      last = status;
      await new Promise((r) => setTimeout(r, 100));
    }
    const why = typeof last === 'string' ? last : (last.reasons ?? []).join('; ');
    throw new Error(`${proc.plan.name} was not ready within ${timeoutMs / 1000}s (${why}):\n${await tail(proc.logFile)}`);
  }

  status(proc: RunningProcess): Promise<ComponentStatus> {
    return probe(proc.plan).catch(() => ({ ready: false }));
  }

  /** SIGTERM every process group in reverse start order, then SIGKILL what is left after the grace period. */
  async stopAll(graceMs: number): Promise<void> {
    for (const proc of [...this.#running].reverse()) {
      if (proc.exitCode !== undefined) continue;
      signalGroup(proc, 'SIGTERM');
      const done = await Promise.race([proc.exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
      if (!done) signalGroup(proc, 'SIGKILL');
    }
    await Promise.all(this.#running.map((p) => p.exited));
  }

  /** Last-resort cleanup for synchronous exit paths. */
  killAllNow(): void {
    for (const proc of this.#running) if (proc.exitCode === undefined) signalGroup(proc, 'SIGKILL');
  }
}

function signalGroup(proc: RunningProcess, signal: NodeJS.Signals): void {
  try {
    if (proc.child.pid) process.kill(-proc.child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function probe(plan: ProcessPlan): Promise<ComponentStatus> {
  if (plan.monitoringUrl) {
    const res = await request(`${plan.monitoringUrl}/debug/status`, { headersTimeout: 1000, bodyTimeout: 1000 });
    return (await res.body.json()) as ComponentStatus;
  }
  if (plan.probeUrl) {
    const res = await request(plan.probeUrl, { headersTimeout: 1000, bodyTimeout: 1000 });
    await res.body.dump();
    return { ready: res.statusCode < 500 };
  }
  return { ready: true };
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).map((l) => `    | ${l}`).join('\n');
}
