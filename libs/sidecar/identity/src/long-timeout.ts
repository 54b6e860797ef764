/**
 * setTimeout fires immediately for delays above 2^31-1 ms (~24.8 days), yet a 90-day workload
 * certificate renews after 45 days. This waits in capped steps until the target instant, and
 * always calls back asynchronously (even when `at` is already past).
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function scheduleAt(at: Date, callback: () => void, now: () => number = Date.now): () => void {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = at.getTime() - now();
    timer = setTimeout(step, Math.max(0, Math.min(remaining, MAX_TIMER_MS)));
    // A pending renewal must not, on its own, keep an otherwise finished process alive.
    timer.unref();
  };
  const step = () => {
    if (at.getTime() - now() > 0) return arm();
    timer = undefined;
    callback();
  };
  arm();
  return () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
  };
}
