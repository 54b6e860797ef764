import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { BindError, isMeshError } from '@tsmesh/shared-errors';
import { type AdmissionReviewRequest, type AdmissionReviewResponse, parseAdmissionReview } from './admission-review';

// The HTTPS server every admission webhook (injector, galley) runs. Bad requests are answered
// with a status and a one-line reason; nothing a client sends can crash the server, and every
// input is bounded (body size, timeouts).

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The subset of a pino logger the server writes to. */
export interface AdmissionLog {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** Decides one review; may throw a MeshError, which becomes its HTTP status. */
export type AdmissionRoute = (review: AdmissionReviewRequest) => AdmissionReviewResponse;

export interface AdmissionServerOptions {
  readonly host: string;
  /** 0 picks a free port; read the bound one from the result. */
  readonly port: number;
  /** Flag named in the BindError when the port is taken. */
  readonly portFlag?: string;
  readonly tls: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** POST paths and their handlers, e.g. `/inject`, `/admitpilot`. */
  readonly routes: Readonly<Record<string, AdmissionRoute>>;
  readonly log: AdmissionLog;
  readonly bodyLimitBytes?: number;
}

export interface AdmissionServer {
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

function buildApp(options: AdmissionServerOptions): FastifyInstance {
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
    if (status >= 500) options.log.error({ err: error.message }, 'admission request failed');
    const code = isMeshError(error) ? error.code : (error.code ?? 'TSM_BAD_REQUEST');
    reply.status(status).send({ code, message: error.message });
  });
  const paths = Object.keys(options.routes);
  app.setNotFoundHandler((request, reply) => {
    reply.status(404).send({ code: 'TSM_NOT_FOUND', message: `no route for ${request.method} ${request.url}; POST ${paths.join(' or ')}` });
  });
  app.get('/healthz/ready', async () => ({ status: 'ready' }));
  for (const [path, route] of Object.entries(options.routes)) {
    app.post(path, async (request) => route(parseAdmissionReview(request.body)));
  }
  return app;
}

export async function startAdmissionServer(options: AdmissionServerOptions): Promise<AdmissionServer> {
  const app = buildApp(options);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new BindError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`, {
      field: options.portFlag ?? '--port',
      cause: error,
      ...(code && { source: code }),
    });
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  return { port, app, close: () => app.close() };
}
