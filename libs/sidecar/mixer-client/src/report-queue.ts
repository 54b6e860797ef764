import { ReportBatchWriter, type ReportSchema, type SlotValue } from '@tsmesh/shared-attributes';

/** A ReportRequest ready to send, and how many reports it carries. */
export interface SealedBatch {
  readonly bytes: Uint8Array;
  readonly count: number;
}

/**
 * Reports waiting for mixer, already in wire form. Each report is written into the open batch
 * as it arrives, so nothing of the request (headers, records) outlives the call that reported
 * it; a per-request object kept alive until its batch is sent would be promoted by the GC and
 * cost far more than encoding it. Batches are sealed at `batchSize` reports, or early when
 * delta encoding cannot continue. When more than `capacity` reports wait, the oldest batches
 * go first: telemetry is best effort, and the newest data is the most useful once mixer is back.
 */
export class ReportQueue {
  private batches: SealedBatch[] = [];
  private open: ReportBatchWriter | undefined;
  private sealedReports = 0;

  constructor(
    readonly capacity: number,
    private readonly batchSize: number,
  ) {}

  /** Reports waiting, sealed or not. */
  get length(): number {
    return this.sealedReports + (this.open?.count ?? 0);
  }

  /** Whether a full batch is waiting to be sent. */
  get hasSealed(): boolean {
    return this.batches.length > 0;
  }

  /** Writes one report; returns how many old reports were dropped to make room. */
  add(schema: ReportSchema, values: readonly SlotValue[]): number {
    let writer = (this.open ??= new ReportBatchWriter());
    if (!writer.add(schema, values)) {
      this.seal();
      writer = this.open = new ReportBatchWriter();
      writer.add(schema, values);
    }
    if (writer.count >= this.batchSize) this.seal();
    return this.trim();
  }

  /** The oldest batch (sealing the open one when nothing else waits), removed from the queue. */
  take(): SealedBatch | undefined {
    if (this.batches.length === 0) this.seal();
    const batch = this.batches.shift();
    if (batch) this.sealedReports -= batch.count;
    return batch;
  }

  /** Puts an unsent batch back in front; returns how many reports were dropped to make room. */
  requeue(batch: SealedBatch): number {
    this.batches.unshift(batch);
    this.sealedReports += batch.count;
    return this.trim();
  }

  /** Empties the queue; returns how many reports it held. */
  clear(): number {
    const count = this.length;
    this.batches = [];
    this.open = undefined;
    this.sealedReports = 0;
    return count;
  }

  private seal(): void {
    const writer = this.open;
    this.open = undefined;
    if (!writer || writer.count === 0) return;
    this.batches.push({ bytes: writer.finish(), count: writer.count });
    this.sealedReports += writer.count;
  }

  private trim(): number {
    let dropped = 0;
    while (this.length > this.capacity && this.batches.length > 0) {
      const oldest = this.batches.shift() as SealedBatch;
      this.sealedReports -= oldest.count;
      dropped += oldest.count;
    }
    return dropped;
  }
}
