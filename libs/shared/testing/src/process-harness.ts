import { HarnessProcess, type SpawnOptions } from './harness-process';

export { HarnessProcess } from './harness-process';
export type { ExitInfo, SpawnOptions } from './harness-process';

/**
 * Spawns real processes for integration tests and guarantees they do not outlive the test:
 * call stopAll() in afterAll; if the test process exits first, leftover groups are SIGKILLed.
 */
export class ProcessHarness {
  private readonly processes: HarnessProcess[] = [];

  constructor(private readonly graceMs = 5_000) {}

  spawn(name: string, command: string, args: readonly string[] = [], options: SpawnOptions = {}): HarnessProcess {
    const proc = new HarnessProcess(name, command, args, options);
    this.processes.push(proc);
    return proc;
  }

  /** Every process spawned so far. */
  all(): readonly HarnessProcess[] {
    return [...this.processes];
  }

  /** Stops every process in parallel: SIGTERM, then SIGKILL after the grace period. */
  async stopAll(graceMs = this.graceMs): Promise<void> {
    await Promise.all(this.processes.map((proc) => proc.stop(graceMs)));
  }
}
