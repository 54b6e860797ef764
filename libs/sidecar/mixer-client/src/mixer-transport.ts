import { Metadata, status, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import type { CheckRequest, CheckResponse } from '@tsmesh/contracts/istio/mixer/v1/check';
import type { ReportRequest } from '@tsmesh/contracts/istio/mixer/v1/report';
import { MixerClient, MixerService } from '@tsmesh/contracts/istio/mixer/v1/service';
import { createGrpcClient } from '@tsmesh/shared-runtime';

const REPORT_PATH = MixerService.report.path;
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
// ReportResponse is empty: nothing in it to decode.
const ignoreResponse = (): undefined => undefined;

export interface MixerTransportOptions {
  /** `host:port` of mixer (istio-telemetry for reports, istio-policy for checks). */
  readonly address: string;
  readonly credentials?: ChannelCredentials;
  /** Deadline of each call; default 5s. */
  readonly requestTimeoutMs?: number;
}

/**
 * Mixer's two unary RPCs as promises with deadlines. The channel reconnects on its own (bounded
 * backoff), so after mixer restarts the next call finds it; callers decide what to retry.
 */
export class MixerTransport {
  private readonly client: MixerClient;
  private readonly timeoutMs: number;

  constructor(options: MixerTransportOptions) {
    // A quick channel reconnect matters more here than for streams: every failed call while
    // the channel backs off is telemetry held in the buffer.
    this.client = createGrpcClient(MixerClient, options.address, {
      credentials: options.credentials,
      initialReconnectBackoffMs: 100,
      maxReconnectBackoffMs: 5_000,
    });
    this.timeoutMs = options.requestTimeoutMs ?? 5_000;
  }

  report(request: ReportRequest): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.report(request, new Metadata(), { deadline: this.deadline() }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Report with a ReportRequest already in wire form (ReportBatchWriter): no message object, no re-encode. */
  reportEncoded(request: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      this.client.makeUnaryRequest(REPORT_PATH, asBuffer, ignoreResponse, request, new Metadata(), { deadline: this.deadline() }, (err) => (err ? reject(err) : resolve()));
    });
  }

  check(request: CheckRequest): Promise<CheckResponse> {
    return new Promise((resolve, reject) => {
      this.client.check(request, new Metadata(), { deadline: this.deadline() }, (err, response) => (err ? reject(err) : resolve(response)));
    });
  }

  close(): void {
    this.client.close();
  }

  private deadline(): Date {
    return new Date(Date.now() + this.timeoutMs);
  }
}

/**
 * Failures worth another try later: mixer unreachable, overloaded (it sheds load with
 * UNAVAILABLE) or slow. Anything else means mixer saw the batch and refused it; resending the
 * same bytes would be refused again, or double-count what was already dispatched.
 */
export function isRetryableMixerFailure(err: unknown): boolean {
  const code = (err as Partial<ServiceError> | undefined)?.code;
  return code === status.UNAVAILABLE || code === status.DEADLINE_EXCEEDED || code === status.RESOURCE_EXHAUSTED;
}
