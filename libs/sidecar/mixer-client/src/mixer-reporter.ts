import { status, type ChannelCredentials } from '@grpc/grpc-js';
import { slotsFromBag, type AttributeBag, type ReportSchema, type SlotValue } from '@tsmesh/shared-attributes';
import { describeError } from '@tsmesh/shared-errors';
import { Backoff, type BackoffOptions } from '@tsmesh/shared-runtime';
import type { Logger } from 'pino';
import { isRetryableMixerFailure, MixerTransport } from './mixer-transport';
import { ReportQueue, type SealedBatch } from './report-queue';
import { emptyReporterStats, type MixerReporterStats } from './reporter-stats';

export interface MixerReporterOptions {
  /** `host:port` of mixer's gRPC API (istio-telemetry). */
  readonly address: string;
  readonly log: Logger;
  /** Attribute sets per Report RPC; default 100 (Envoy's report_batch_max_entries). */
  readonly batchSize?: number;
  /** Longest an attribute set waits before being sent; default 1000ms (report_batch_max_time). */
  readonly flushIntervalMs?: number;
  /** Attribute sets kept while mixer is unreachable; beyond it the oldest are dropped. Default 10000. */
  readonly maxBufferedReports?: number;
  /** Deadline of each Report RPC; default 5s. */
  readonly requestTimeoutMs?: number;
  readonly credentials?: ChannelCredentials;
  /** Retry delays while mixer is unreachable; default 80ms doubling to 1s (Envoy's retry waits). */
  readonly retryBackoff?: BackoffOptions;
}

export interface MixerReporter {
  /** Queues one attribute set. Never blocks and never throws: telemetry must not hold up traffic. */
  report(attributes: AttributeBag): void;
  /** The same, in slot form (the data path's per-request reports): values aligned to `schema`. */
  reportSlots(schema: ReportSchema, values: readonly SlotValue[]): void;
  /** Sends everything buffered now. Resolves once sent, or once mixer proved unreachable (kept for retry). */
  flush(): Promise<void>;
  /** Stops intake, makes one last attempt to send, drops what is left and closes the channel. */
  close(): Promise<void>;
  stats(): MixerReporterStats;
}

export function createMixerReporter(options: MixerReporterOptions): MixerReporter {
  return new BatchingMixerReporter(options);
}

/**
 * Envoy-style report batching: sets are buffered and sent as one delta-encoded Report when
 * `batchSize` are waiting or the oldest has waited `flushIntervalMs`. One RPC is in flight at a
 * time, which keeps batches in order and bounds the load a recovering mixer sees.
 */
class BatchingMixerReporter implements MixerReporter {
  private readonly log: Logger;
  private readonly transport: MixerTransport;
  private readonly buffer: ReportQueue;
  private readonly backoff: Backoff;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly counters = emptyReporterStats();
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private sendOpenBatch = false;
  private closed = false;
  private unreachableSince: number | undefined;
  private warnedAboutDrops = false;

  constructor(options: MixerReporterOptions) {
    this.log = options.log.child({ peer: 'mixer', address: options.address });
    this.transport = new MixerTransport(options);
    this.batchSize = Math.max(1, options.batchSize ?? 100);
    this.flushIntervalMs = options.flushIntervalMs ?? 1_000;
    this.buffer = new ReportQueue(Math.max(this.batchSize, options.maxBufferedReports ?? 10_000), this.batchSize);
    this.backoff = new Backoff({ initialMs: 80, maxMs: 1_000, ...options.retryBackoff });
  }

  report(attributes: AttributeBag): void {
    const { schema, values } = slotsFromBag(attributes);
    this.reportSlots(schema, values);
  }

  reportSlots(schema: ReportSchema, values: readonly SlotValue[]): void {
    this.counters.totalReportCalls++;
    if (this.closed) return this.drop(1, 'the reporter is closed');
    this.drop(this.buffer.add(schema, values), 'the report buffer is full');
    // While backing off, the scheduled retry sends everything; sending earlier would only
    // hammer an unreachable mixer.
    if (this.retryTimer !== undefined) return;
    if (this.buffer.hasSealed) void this.send(false);
    else this.armFlushTimer();
  }

  flush(): Promise<void> {
    return this.send(true);
  }

  /**
   * Sends the full batches, and with `includeOpen` (the flush interval, flush(), close) the
   * partial one too. Reports arriving while a batch is in flight wait for their batch to fill:
   * sending whatever came in meanwhile would shrink batches to a handful of reports under load.
   */
  private send(includeOpen: boolean): Promise<void> {
    this.clearTimers();
    if (includeOpen) this.sendOpenBatch = true;
    this.inFlight ??= this.drain()
      // report() fires flushes without awaiting them: a bug here must be logged, never crash the proxy.
      .catch((err: unknown) => this.log.error(`sending reports failed: ${describeError(err)}`))
      .finally(() => {
        this.inFlight = undefined;
        this.sendOpenBatch = false;
        // Sets that arrived after the last send of this pass must not wait for the next report().
        if (this.buffer.length > 0 && this.retryTimer === undefined) this.armFlushTimer();
      });
    return this.inFlight;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flush();
    this.clearTimers();
    this.drop(this.buffer.clear(), 'the reporter closed before mixer took them');
    this.transport.close();
  }

  stats(): MixerReporterStats {
    return { ...this.counters, buffered: this.buffer.length };
  }

  private async drain(): Promise<void> {
    for (let batch = this.nextBatch(); batch !== undefined; batch = this.nextBatch()) {
      this.counters.totalRemoteReportCalls++;
      try {
        await this.transport.reportEncoded(batch.bytes);
        this.delivered(batch.count);
      } catch (err) {
        if (isRetryableMixerFailure(err)) return this.unreachable(err, batch);
        this.counters.totalRemoteReportOtherErrors++;
        this.log.warn({ dropped: batch.count }, `mixer refused a report batch: ${describeError(err)}`);
        this.drop(batch.count);
      }
    }
  }

  /** The oldest full batch; the partial one only once, when a flush asked for it. */
  private nextBatch(): SealedBatch | undefined {
    if (this.buffer.hasSealed) return this.buffer.take();
    if (!this.sendOpenBatch) return undefined;
    this.sendOpenBatch = false;
    return this.buffer.take();
  }

  private delivered(count: number): void {
    this.counters.totalRemoteReportSuccesses++;
    this.counters.totalReportsDelivered += count;
    this.backoff.reset();
    if (this.unreachableSince !== undefined) {
      this.log.info({ downMs: Date.now() - this.unreachableSince }, 'mixer is reachable again; sending buffered reports');
    }
    this.unreachableSince = undefined;
    this.warnedAboutDrops = false;
  }

  private unreachable(err: unknown, batch: SealedBatch): void {
    const code = (err as { code?: number }).code;
    if (code === status.DEADLINE_EXCEEDED) this.counters.totalRemoteReportTimeouts++;
    else this.counters.totalRemoteReportSendErrors++;
    this.drop(this.buffer.requeue(batch), 'the report buffer is full');
    if (this.closed) return;
    const delayMs = this.backoff.next();
    // One warning per outage; the retries themselves are routine.
    const level = this.unreachableSince === undefined ? 'warn' : 'debug';
    this.unreachableSince ??= Date.now();
    this.log[level]({ buffered: this.buffer.length, retryInMs: delayMs }, `mixer unreachable, buffering reports: ${describeError(err)}`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.flush();
    }, delayMs).unref();
  }

  private drop(count: number, reason?: string): void {
    if (count <= 0) return;
    this.counters.totalReportsDropped += count;
    if (reason !== undefined && !this.warnedAboutDrops) {
      this.warnedAboutDrops = true;
      this.log.warn({ dropped: count, total: this.counters.totalReportsDropped }, `dropping reports: ${reason}`);
    }
  }

  private armFlushTimer(): void {
    if (this.closed || this.flushTimer !== undefined) return;
    this.flushTimer = setTimeout(() => void this.flush(), this.flushIntervalMs).unref();
  }

  private clearTimers(): void {
    clearTimeout(this.flushTimer);
    clearTimeout(this.retryTimer);
    this.flushTimer = undefined;
    this.retryTimer = undefined;
  }
}
