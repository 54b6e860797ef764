import type { Logger } from 'pino';
import { describeError } from '@tsmesh/shared-errors';
import { Backoff } from '@tsmesh/shared-runtime';
import { ISTIO_RENEWAL_POLICY, isExpired, type RenewalPolicy, renewalTime } from '@tsmesh/shared-certificates';
import { writeIdentityFiles } from './cert-files';
import type { IdentityMaterial } from './identity-material';
import { issueIdentity, type IssueSettings } from './issue-identity';
import { scheduleAt } from './long-timeout';
import { loadReusableIdentity } from './reuse-identity';
import type { WorkloadIdentity, WorkloadIdentityOptions } from './workload-identity';

/** Holds the current identity, schedules its renewal, and retries with backoff until Citadel issues. */
export class IdentityRotator implements WorkloadIdentity {
  private material: IdentityMaterial | undefined;
  private renewAt = new Date(0);
  private cancelTimer: () => void = () => undefined;
  private readonly stopping = new AbortController();
  private readonly listeners = new Set<(material: IdentityMaterial) => void>();
  private readonly backoff: Backoff;
  private readonly policy: RenewalPolicy;
  private readonly log: Logger;

  constructor(
    private readonly settings: IssueSettings,
    private readonly options: WorkloadIdentityOptions,
  ) {
    this.log = settings.log;
    this.policy = options.renewal ?? ISTIO_RENEWAL_POLICY;
    this.backoff = new Backoff({ initialMs: options.retry?.initialMs ?? 1_000, maxMs: options.retry?.maxMs ?? 30_000, multiplier: 2, jitter: 0.2 });
  }

  async start(): Promise<void> {
    this.material = await loadReusableIdentity(this.options.certsDir, this.settings, this.log);
    if (this.material) {
      this.scheduleRenewal(this.material);
      return;
    }
    const abort = this.options.signal ? AbortSignal.any([this.options.signal, this.stopping.signal]) : this.stopping.signal;
    await this.renewUntilIssued(abort);
  }

  current(): IdentityMaterial {
    if (!this.material) throw new Error('workload identity used before start() resolved');
    return this.material;
  }

  onRotate(listener: (material: IdentityMaterial) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  nextRenewalAt(): Date {
    return this.renewAt;
  }

  stop(): void {
    this.cancelTimer();
    this.stopping.abort(new Error('workload identity stopped'));
  }

  /** Requests until Citadel issues, waiting with backoff between failures; the current cert stays in use meanwhile. */
  private async renewUntilIssued(signal: AbortSignal): Promise<void> {
    for (;;) {
      signal.throwIfAborted();
      try {
        const issued = await issueIdentity(this.settings, this.material);
        signal.throwIfAborted();
        await this.install(issued);
        this.backoff.reset();
        return;
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        const delayMs = this.backoff.next();
        const expired = this.material !== undefined && isExpired(this.material);
        this.log[expired ? 'error' : 'warn'](
          { err: describeError(err), retryInMs: Math.round(delayMs), certificateExpired: expired },
          'certificate request failed; keeping the current certificate and retrying',
        );
        await sleep(delayMs, signal);
      }
    }
  }

  private async install(material: IdentityMaterial): Promise<void> {
    await writeIdentityFiles(this.options.certsDir, material);
    this.material = material;
    this.log.info({ serial: material.serialNumber, notAfter: material.notAfter }, 'installed workload certificate');
    this.scheduleRenewal(material);
    for (const listener of this.listeners) {
      // A failing listener must not make the loop think issuance failed and request again.
      try {
        listener(material);
      } catch (err) {
        this.log.error({ err: describeError(err) }, 'rotation listener threw');
      }
    }
  }

  private scheduleRenewal(material: IdentityMaterial): void {
    this.cancelTimer();
    this.renewAt = renewalTime(material, this.policy);
    this.cancelTimer = scheduleAt(this.renewAt, () => {
      this.renewUntilIssued(this.stopping.signal).catch((err: unknown) => {
        if (!this.stopping.signal.aborted) this.log.error({ err: describeError(err) }, 'certificate rotation stopped unexpectedly');
      });
    });
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, ms);
    function done() {
      signal.removeEventListener('abort', aborted);
      resolve();
    }
    function aborted() {
      clearTimeout(timer);
      reject(signal.reason);
    }
    signal.addEventListener('abort', aborted, { once: true });
  });
}
