import type { handleUnaryCall } from '@grpc/grpc-js';
import type { Meter } from '@opentelemetry/api';
import { MixerService, type MixerServer } from '@tsmesh/contracts/istio/mixer/v1/service';
import { ISTIO_1_2_GLOBAL_DICTIONARY, type GlobalDictionary } from '@tsmesh/shared-attributes';
import type { Logger } from 'pino';
import { handleCheck } from './check-handler';
import { grpcCodeName, toServiceError } from './grpc-errors';
import { createMixerMetrics, type MixerMethod, type MixerMetrics } from './mixer-metrics';
import { handleReport, type ReportDispatch } from './report-handler';
import { ReportLedger } from './report-ledger';

export interface MixerServiceOptions {
  readonly log: Logger;
  readonly meter: Meter;
  /** Receives every decoded attribute set; defaults to dropping them (no rules configured). */
  readonly dispatch?: ReportDispatch;
  /** Global word list; defaults to Istio 1.2's. */
  readonly dictionary?: GlobalDictionary;
}

export interface MixerServiceHandle {
  /** Pass both to startGrpcServer's `services`. */
  readonly definition: typeof MixerService;
  readonly implementation: MixerServer;
  /** Accepted-report tally, shown by GET /debug/reports. */
  readonly ledger: ReportLedger;
}

/** The istio.mixer.v1.Mixer service: Check and Report over the Istio 1.2 wire format. */
export function createMixerService(options: MixerServiceOptions): MixerServiceHandle {
  const dictionary = options.dictionary ?? ISTIO_1_2_GLOBAL_DICTIONARY;
  const dispatch = options.dispatch ?? (() => undefined);
  const ledger = new ReportLedger();
  const metrics = createMixerMetrics(options.meter);
  const log = options.log;

  const implementation: MixerServer = {
    check: unary('Check', metrics, log, (request) => {
      const { response, attributes } = handleCheck(request, dictionary);
      log.debug({ attributes: attributes.size }, 'check approved: no policy configured');
      return response;
    }),
    report: unary('Report', metrics, log, async (request) => {
      const count = await handleReport(request, { dictionary, dispatch, ledger, metrics });
      log.debug({ attributeSets: count }, 'report accepted');
      return {};
    }),
  };
  return { definition: MixerService, implementation, ledger };
}

/**
 * Adapts an async handler to grpc-js: counts the outcome, logs rejections on one line with the
 * caller's address, and turns any throw into a status, so a bad request can never crash mixer.
 */
function unary<Req, Res>(
  method: MixerMethod,
  metrics: MixerMetrics,
  log: Logger,
  handle: (request: Req) => Res | Promise<Res>,
): handleUnaryCall<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => {
          metrics.handled(method, 'OK');
          callback(null, response);
        },
        (err: unknown) => {
          const error = toServiceError(err);
          metrics.handled(method, grpcCodeName(error.code));
          log.warn({ method, peer: call.getPeer(), code: grpcCodeName(error.code) }, `${method} rejected: ${error.details}`);
          callback(error);
        },
      );
  };
}
