import type { Readable } from 'node:stream';

/** Request bodies up to this size are kept while they stream, so a retry or a mirror can resend them. */
export const REPLAY_LIMIT_BYTES = 64 * 1024;

/**
 * A downstream request body read once and handed to every attempt: each `stream()` replays
 * what was read so far, then continues with the downstream. Only one read of the downstream
 * is ever in flight, so an aborted attempt can't steal a chunk from the next one. Past the
 * limit the copy is dropped and the body is no longer replayable (Envoy: no retry when the
 * body did not fit the buffer).
 */
export class ReplayableBody {
  private readonly chunks: Buffer[] = [];
  private bytes = 0;
  private ended = false;
  private overflowed = false;
  private consumers = 0;
  private pulling?: Promise<Buffer | undefined>;
  private readonly source: AsyncIterator<Buffer>;

  constructor(downstream: Readable) {
    this.source = downstream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  /** True when a new attempt can send the whole body from the start. */
  get replayable(): boolean {
    return !this.overflowed;
  }

  get complete(): Buffer | undefined {
    return this.ended && !this.overflowed ? Buffer.concat(this.chunks) : undefined;
  }

  get size(): number {
    return this.bytes;
  }

  /** Reads the rest of the body into the copy (for mirrors of small bodies); stops at the limit. */
  async readAll(): Promise<void> {
    while (!this.ended && !this.overflowed) await this.pull();
  }

  /** The body from its start for one attempt; a newer attempt's stream retires this one. */
  async *stream(): AsyncGenerator<Buffer> {
    const id = ++this.consumers;
    let index = 0;
    for (;;) {
      if (id !== this.consumers) return;
      if (!this.overflowed && index < this.chunks.length) {
        yield this.chunks[index++] as Buffer;
        continue;
      }
      if (this.ended) return;
      const chunk = await this.pull();
      if (chunk === undefined) return;
      // Stored at the end of the copy (unless past the limit): the next replay index is after it.
      if (!this.overflowed) index = this.chunks.length;
      yield chunk;
    }
  }

  private pull(): Promise<Buffer | undefined> {
    this.pulling ??= this.source.next().then((r) => {
      this.pulling = undefined;
      if (r.done) {
        this.ended = true;
        return undefined;
      }
      const chunk = Buffer.isBuffer(r.value) ? r.value : Buffer.from(r.value);
      this.bytes += chunk.length;
      if (!this.overflowed && this.bytes <= REPLAY_LIMIT_BYTES) this.chunks.push(chunk);
      else if (!this.overflowed) {
        this.overflowed = true;
        this.chunks.length = 0;
      }
      return chunk;
    });
    return this.pulling;
  }
}
