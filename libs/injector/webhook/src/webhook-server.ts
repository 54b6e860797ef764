import type { InjectorConfig } from '@tsmesh/injector-injection';
import { type AdmissionLog, type AdmissionServer, startAdmissionServer } from '@tsmesh/shared-admission';
import { reviewAdmission, type AdmissionOutcome, type NamespaceLabels } from './admission-handler';

// The injector's HTTPS admission webhook: POST /inject as in Istio 1.2 (sidecar-injector.istio.io),
// on the shared admission server (status mapping, body limits, readiness).

export const INJECT_PATH = '/inject';
export type WebhookLog = AdmissionLog;

export interface WebhookServerOptions {
  readonly host: string;
  /** 0 picks a free port; read the bound one from the result. */
  readonly port: number;
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer };
  readonly config: InjectorConfig;
  readonly namespaceLabels?: NamespaceLabels;
  readonly log: WebhookLog;
  readonly bodyLimitBytes?: number;
  /** Called after every review, e.g. to count outcomes. */
  readonly onAdmission?: (outcome: AdmissionOutcome, durationMs: number) => void;
}

export type WebhookServer = AdmissionServer;

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  return startAdmissionServer({
    host: options.host,
    port: options.port,
    tls: options.tls,
    log: options.log,
    ...(options.bodyLimitBytes !== undefined && { bodyLimitBytes: options.bodyLimitBytes }),
    routes: {
      [INJECT_PATH]: (review) => {
        const started = performance.now();
        const outcome = reviewAdmission(review, { config: options.config, ...(options.namespaceLabels && { namespaceLabels: options.namespaceLabels }) });
        const details = { uid: review.request.uid, pod: outcome.pod, result: outcome.result, reason: outcome.reason };
        if (outcome.result === 'failed') options.log.warn(details, 'sidecar injection failed; pod allowed unchanged');
        else options.log.info(details, `sidecar ${outcome.result}`);
        options.onAdmission?.(outcome, performance.now() - started);
        return outcome.review;
      },
    },
  });
}
