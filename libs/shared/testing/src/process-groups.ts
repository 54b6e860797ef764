// Child processes run detached, each leading its own process group, so a test can kill a
// process together with anything it spawned. Groups still alive when the test process exits
// are SIGKILLed from an 'exit' handler (which must be synchronous), so nothing leaks.

/** Process groups still alive, killed synchronously if the test process exits without stopAll(). */
export const liveGroups = new Set<number>();
let exitHookInstalled = false;

export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
  });
}

/** Signals the whole process group, so grandchildren (a shell's children) go too. */
export function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
