export type TerminationSignal = 'SIGTERM' | 'SIGINT';

const SIGNALS: readonly TerminationSignal[] = ['SIGTERM', 'SIGINT'];

/**
 * Calls `onFirst` for the first SIGTERM/SIGINT and `onRepeat` for any later one, so an operator
 * pressing Ctrl-C twice can force out of a drain that hangs. Returns a function that uninstalls.
 */
export function onTerminationSignals(
  onFirst: (signal: TerminationSignal) => void,
  onRepeat: (signal: TerminationSignal) => void,
): () => void {
  let received = false;
  const listeners = SIGNALS.map((signal) => {
    const listener = (): void => {
      if (received) return onRepeat(signal);
      received = true;
      onFirst(signal);
    };
    process.on(signal, listener);
    return [signal, listener] as const;
  });
  return () => {
    for (const [signal, listener] of listeners) process.off(signal, listener);
  };
}
