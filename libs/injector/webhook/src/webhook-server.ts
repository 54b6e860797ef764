import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { BindError, isMeshError } from '@tsmesh/shared-errors';
import type { InjectorConfig } from '@tsmesh/injector-injection';
import { reviewAdmission, type AdmissionOutcome, type NamespaceLabels } from './admission-handler';
import { parseAdmissionReview } from '@tsmesh/shared-admission';

// The HTTPS admission webhook: POST /inject as in Istio 1.2 (sidecar-injector.istio.io), plus a
// readiness endpoint. Bad requests are answered with a status and a one-line reason; nothing a
// client sends can crash the server, and every input is bounded (body size, timeouts).

export const INJECT_PATH = '/inject';
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The subset of a pino logger the webhook writes to. */
export interface WebhookLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

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

export interface WebhookServer {
  readonly port: number;
  readonly app: FastifyInstance;
  close(): Promise<void>;
}

/** Maps fastify's own request errors onto the statuses a webhook client expects. */
function statusOf(error: FastifyError): number {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 415;
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 413;
    default:
      return error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
  }
}

function buildApp(options: WebhookServerOptions): FastifyInstance {
  const app = Fastify({
    https: { cert: options.tls.cert, key: options.tls.key },
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES,
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 5_000,
    logger: false,
    return503OnClosing: true,
  });
  // Only JSON is an AdmissionReview; anything else is refused with 415.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = isMeshError(error) ? error.httpStatus : statusOf(error);
    if (status >= 500) options.log.error({ err: error.message }, 'webhook request failed');
    const code = isMeshError(error) ? error.code : (error.code ?? 'TSM_BAD_REQUEST');
    reply.status(status).send({ code, message: error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ code: 'TSM_NOT_FOUND', message: `no route for ${request.method} ${request.url}; POST ${INJECT_PATH}` });
  });

  app.get('/healthz/ready', async () => ({ status: 'ready' }));

  app.post(INJECT_PATH, async (request) => {
    const started = performance.now();
    const review = parseAdmissionReview(request.body);
    const outcome = reviewAdmission(review, { config: options.config, ...(options.namespaceLabels && { namespaceLabels: options.namespaceLabels }) });
    const details = { uid: review.request.uid, pod: outcome.pod, result: outcome.result, reason: outcome.reason };
    if (outcome.result === 'failed') options.log.warn(details, 'sidecar injection failed; pod allowed unchanged');
    else options.log.info(details, `sidecar ${outcome.result}`);
    options.onAdmission?.(outcome, performance.now() - started);
    return outcome.review;
  });
  return app;
}

export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const app = buildApp(options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new BindError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, {
      field: '--port',
      cause: error,
      ...(code && { source: code }),
    });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { port, app, close: () => app.close() };
}
