import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const WORKSPACE = resolve(__dirname, '../../..');

export interface StatusRow {
  readonly component: string;
  readonly pid: number;
  readonly ports: Record<string, number>;
  readonly healthy: boolean;
  readonly connectedTo: string[];
  readonly logFile: string;
}

/** Runs the real local mesh (`node dist/tools/local-mesh/main.js`) and reads its status file. */
export class LocalMesh {
  readonly stateDir: string;
  readonly statusFile: string;
  /** A copy of deploy/local/config that galley watches, so a test can change the mesh's config live. */
  readonly configDir: string;
  #child: ChildProcess | undefined;
  #output = '';
  #exit: Promise<number | null> | undefined;

  constructor(stateDir: string) {
    this.stateDir = stateDir;
    this.statusFile = join(stateDir, 'status.json');
    this.configDir = join(stateDir, 'config');
  }

  get output(): string {
    return this.#output;
  }

  async start(timeoutMs: number): Promise<StatusRow[]> {
    const runner = join(WORKSPACE, 'dist/tools/local-mesh/main.js');
    if (!existsSync(runner)) throw new Error(`${runner} is missing: build first (npx nx run-many -t build)`);
    cpSync(join(WORKSPACE, 'deploy/local/config'), this.configDir, { recursive: true });
    // E2E_DIST_DIR runs the same suite against another build of the apps (default dist/apps).
    const distDir = process.env['E2E_DIST_DIR'] ? ['--dist-dir', process.env['E2E_DIST_DIR']] : [];
    this.#child = spawn(process.execPath, [runner, '--state-dir', this.stateDir, '--status-json', this.statusFile, '--config-dir', this.configDir, ...distDir], { cwd: WORKSPACE, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child.stdout?.on('data', (d: Buffer) => (this.#output += d.toString()));
    this.#child.stderr?.on('data', (d: Buffer) => (this.#output += d.toString()));
    const child = this.#child;
    this.#exit = new Promise((r) => child.once('exit', (code) => r(code)));
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(this.statusFile)) {
      if (child.exitCode !== null) throw new Error(`local mesh exited with ${child.exitCode}:\n${this.#output}`);
      if (Date.now() > deadline) throw new Error(`local mesh not up within ${timeoutMs} ms:\n${this.#output}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return (JSON.parse(readFileSync(this.statusFile, 'utf8')) as { components: StatusRow[] }).components;
  }

  /** Ctrl-C, as a user would; resolves with the runner's exit code. */
  async interrupt(timeoutMs = 30_000): Promise<number | null> {
    if (!this.#child || this.#child.exitCode !== null) return this.#child?.exitCode ?? null;
    this.#child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const result = await Promise.race([this.#exit, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.#child.kill('SIGKILL');
      throw new Error(`local mesh did not stop within ${timeoutMs} ms`);
    }
    return result ?? null;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
