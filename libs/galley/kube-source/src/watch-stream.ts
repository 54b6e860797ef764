import type { Watch } from '@kubernetes/client-node';
import { KubeApiStatusError, statusCodeOf, toError } from './kube-api';

/** How a watch ended without failing: the server closed it, or its resourceVersion is gone (410). */
export type WatchEnd = 'closed' | 'gone';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
type WatchQuery = Record<string, string | number | boolean | undefined>;

/**
 * Runs one client-node watch request to its end as a promise. client-node splits the chunked
 * stream into JSON lines and reports the HTTP status; this adds what a reflector needs on top:
 * ERROR events (410 in-stream), stopping on `signal`, and telling a quiet-but-healthy stream
 * (idle timeout after events arrived: just re-watch) from an unreachable server (a failure).
 */
export function watchEvents(
  watch: Watch,
  path: string,
  query: WatchQuery,
  signal: AbortSignal,
  idleTimeoutMs: number,
  onEvent: (type: WatchEventType, object: unknown) => void,
): Promise<WatchEnd> {
  // client-node keeps its connect/idle timeout private; it defaults to 30s.
  Object.assign(watch, { requestTimeoutMs: idleTimeoutMs });
  return new Promise<WatchEnd>((resolve, reject) => {
    let settled = false;
    let sawEvents = false;
    let controller: AbortController | undefined;
    const finish = (outcome: WatchEnd | Error): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      controller?.abort();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    const onAbort = (): void => finish('closed');
    signal.addEventListener('abort', onAbort, { once: true });

    const onLine = (type: string, object: unknown): void => {
      if (settled) return;
      sawEvents = true;
      if (type === 'ERROR') {
        const status = object as { code?: unknown; message?: unknown };
        const code = typeof status.code === 'number' ? status.code : 500;
        finish(code === 410 ? 'gone' : new KubeApiStatusError(code, String(status.message ?? 'watch error'), path));
        return;
      }
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED' && type !== 'BOOKMARK') return;
      try {
        onEvent(type, object);
      } catch (err) {
        // client-node swallows callback exceptions; surface them as the end of this watch.
        finish(err instanceof Error ? err : new Error(String(err)));
      }
    };
    const onDone = (err: unknown): void => {
      if (!err) return finish('closed');
      if (statusCodeOf(err) === 410) return finish('gone');
      if (err instanceof Error && err.name === 'TimeoutError' && sawEvents) return finish('closed');
      const code = statusCodeOf(err);
      finish(code === undefined ? toError(err) : new KubeApiStatusError(code, toError(err).message, path));
    };
    watch.watch(path, query, onLine, onDone).then(
      (c) => {
        controller = c;
        if (settled) c.abort();
      },
      (err: unknown) => finish(toError(err)),
    );
  });
}
