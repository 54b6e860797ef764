/**
 * Access-log lines written in batches: lines queued during one turn of the event loop go out in
 * a single write (Envoy also buffers its access log and flushes periodically). A write per
 * request would cost a system call per request on the hot path.
 */
export function batchedLineWriter(write: (chunk: string) => void, maxBatch = 512): (line: string) => void {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const lines = pending;
    pending = [];
    write(`${lines.join('\n')}\n`);
  };
  process.once('beforeExit', flush);
  return (line: string) => {
    pending.push(line);
    if (pending.length >= maxBatch) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
}
