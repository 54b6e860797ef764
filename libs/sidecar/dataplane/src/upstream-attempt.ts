import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

export interface AttemptHead {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
}

/** Where a relayed body goes: `write` returns false to ask for a pause until `onDrain` fires. */
export interface BodySink {
  write(chunk: Buffer): boolean;
  onDrain(resume: () => void): void;
}

type Phase = 'connecting' | 'head' | 'body' | 'done';

/**
 * One upstream attempt through undici's dispatch API (no Readable or AbortSignal per request,
 * which the request() API costs): `head` settles at the response headers; the body is paused
 * there until `relay` (stream it to the caller, returns the trailers) or `discard` (a retried
 * response). `abort` ends the attempt at any point with the given reason.
 */
export class UpstreamAttempt implements Dispatcher.DispatchHandler {
  readonly head: Promise<AttemptHead>;
  private resolveHead!: (h: AttemptHead) => void;
  private rejectHead!: (e: Error) => void;
  private controller?: Dispatcher.DispatchController;
  private pendingAbort?: Error;
  private phase: Phase = 'connecting';
  private sink?: BodySink;
  private finish?: { resolve: (t: IncomingHttpHeaders) => void; reject: (e: Error) => void };
  bytes = 0;

  constructor(pool: Dispatcher, opts: { path: string; method: string; headers: Record<string, string | string[]>; body?: AsyncIterable<Buffer> }) {
    this.head = new Promise((resolve, reject) => {
      this.resolveHead = resolve;
      this.rejectHead = reject;
    });
    // The head promise may be abandoned after an abort; it must never surface as unhandled.
    this.head.catch(() => undefined);
    pool.dispatch({ path: opts.path, method: opts.method as Dispatcher.HttpMethod, headers: opts.headers, body: opts.body as unknown as Readable | undefined }, this);
  }

  abort(reason: Error): void {
    if (this.phase === 'done') return;
    if (this.controller) this.controller.abort(reason);
    else this.pendingAbort = reason;
  }

  /** Streams the body into `sink`; resolves with the trailers (empty when none). */
  relay(sink: BodySink): Promise<IncomingHttpHeaders> {
    return new Promise((resolve, reject) => {
      // The response may already have ended (empty body) or failed while paused at its head.
      if (this.phase === 'done') return this.ended ? resolve(this.ended.trailers) : reject(this.ended === undefined && this.error ? this.error : new Error('upstream attempt ended'));
      this.sink = sink;
      this.finish = { resolve, reject };
      this.phase = 'body';
      this.controller?.resume();
    });
  }

  /** Lets the body run into the void (the response is not wanted: a retry follows). */
  discard(): void {
    if (this.phase === 'done') return;
    this.sink = { write: () => true, onDrain: () => undefined };
    this.finish = { resolve: () => undefined, reject: () => undefined };
    this.phase = 'body';
    this.controller?.resume();
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.pendingAbort) controller.abort(this.pendingAbort);
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (this.phase !== 'connecting') return;
    this.phase = 'head';
    controller.pause();
    this.resolveHead({ status: statusCode, headers });
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.sink && !this.sink.write(chunk)) {
      controller.pause();
      this.sink.onDrain(() => controller.resume());
    }
  }

  onResponseEnd(_controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    this.phase = 'done';
    this.ended = { trailers: trailers ?? {} };
    this.finish?.resolve(this.ended.trailers);
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    const phase = this.phase;
    this.phase = 'done';
    this.error = error;
    if (phase === 'connecting') this.rejectHead(error);
    else this.finish?.reject(error);
  }

  private ended?: { trailers: IncomingHttpHeaders };
  private error?: Error;
}
