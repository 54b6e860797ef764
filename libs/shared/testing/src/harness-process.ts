import { spawn, type ChildProcess } from 'node:child_process';
import { installExitHook, liveGroups, signalGroup } from './process-groups';

export interface ExitInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface SpawnOptions {
  /** Merged over `process.env`; a key set to `undefined` removes that variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

/** One spawned process with its captured output. */
export class HarnessProcess {
  readonly child: ChildProcess;
  /** Settles when the process has exited and its output pipes are drained. */
  readonly exited: Promise<ExitInfo>;
  private exitInfo: ExitInfo | undefined;
  private text = '';
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly name: string,
    command: string,
    args: readonly string[],
    options: SpawnOptions,
  ) {
    installExitHook();
    // detached: the child leads its own process group, which stop() signals as a whole.
    this.child = spawn(command, [...args], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const pid = this.child.pid;
    if (pid !== undefined) liveGroups.add(pid);
    const onData = (chunk: Buffer): void => {
      this.text += chunk.toString('utf8');
      for (const listener of this.listeners) listener();
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.text += `\n[harness] failed to spawn ${command}: ${err.message}\n`;
        this.finish({ code: null, signal: null }, resolve);
      });
      this.child.once('close', (code, signal) => this.finish({ code, signal }, resolve));
    });
  }

  private finish(info: ExitInfo, resolve: (info: ExitInfo) => void): void {
    if (this.exitInfo) return;
    this.exitInfo = info;
    for (const listener of this.listeners) listener();
    resolve(info);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Exit code and signal, once exited. */
  get exit(): ExitInfo | undefined {
    return this.exitInfo;
  }

  /** stdout and stderr so far, interleaved in arrival order. */
  output(): string {
    return this.text;
  }

  /** Resolves with the first match of `pattern` in the output; rejects on timeout or exit. */
  waitForOutput(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpMatchArray> {
    // A global/sticky regex carries lastIndex between calls; matching with a copy keeps this pure.
    const regex = new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ''));
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const match = this.text.match(regex);
        if (match) return settle(() => resolve(match));
        if (this.exitInfo) {
          const { code, signal } = this.exitInfo;
          settle(() => reject(new Error(`${this.name} exited (code ${code}, signal ${signal}) before printing ${regex}; output:\n${this.tail()}`)));
        }
      };
      const timer = setTimeout(
        () => settle(() => reject(new Error(`timed out after ${timeoutMs}ms waiting for ${this.name} to print ${regex}; output:\n${this.tail()}`))),
        timeoutMs,
      );
      const settle = (action: () => void): void => {
        clearTimeout(timer);
        this.listeners.delete(check);
        action();
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves with the exit info, or rejects if the process is still running after `timeoutMs`. */
  async waitForExit(timeoutMs = 10_000): Promise<ExitInfo> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} still running after ${timeoutMs}ms; output:\n${this.tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a signal to the process (not its group); use for SIGTERM/SIGINT behaviour tests. */
  signal(signal: NodeJS.Signals): void {
    if (!this.exitInfo) this.child.kill(signal);
  }

  /** SIGTERM to the group, SIGKILL after `graceMs` if still alive. */
  async stop(graceMs = 5_000): Promise<ExitInfo> {
    const pid = this.child.pid;
    if (pid === undefined) return this.exited;
    if (this.exitInfo) {
      // The leader is gone but children it left in the group may not be.
      signalGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
      return this.exitInfo;
    }
    signalGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), graceMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      signalGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    }
  }

  private tail(): string {
    return this.text.length > 4_000 ? `...${this.text.slice(-4_000)}` : this.text;
  }
}
