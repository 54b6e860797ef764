import type { ReportRequest } from '@tsmesh/contracts/istio/mixer/v1/report';
import { decodeReportBatch, type AttributeBag, type GlobalDictionary } from '@tsmesh/shared-attributes';
import { defineErrorKind, describeError } from '@tsmesh/shared-errors';
import { status } from '@grpc/grpc-js';
import type { MixerMetrics } from './mixer-metrics';
import type { ReportLedger } from './report-ledger';

/**
 * Where decoded attribute sets go: the routing of report instances to adapters plugs in here.
 * It may be async; a rejection is reported back to the proxy but does not stop the other sets.
 */
export type ReportDispatch = (attributes: AttributeBag) => void | Promise<void>;

/** One or more attribute sets could not be dispatched; mixer 1.2 answers codes.Unknown here too. */
export const ReportDispatchError = defineErrorKind('TSM_MIXER_DISPATCH_FAILED', status.UNKNOWN, 500);

export interface ReportHandlerDeps {
  readonly dictionary: GlobalDictionary;
  readonly dispatch: ReportDispatch;
  readonly ledger: ReportLedger;
  readonly metrics: MixerMetrics;
}

/**
 * Handles one batched Report. The whole batch is decoded before anything is dispatched, so a
 * malformed request is rejected (INVALID_ARGUMENT) without half of it reaching adapters.
 */
export async function handleReport(request: ReportRequest, deps: ReportHandlerDeps): Promise<number> {
  const bags = decodeReportBatch(request, deps.dictionary);
  deps.ledger.record(bags);
  deps.metrics.attributeSets(bags.length);

  const failures: string[] = [];
  for (const [i, bag] of bags.entries()) {
    const started = performance.now();
    try {
      await deps.dispatch(bag);
      deps.metrics.dispatched('report', false, (performance.now() - started) / 1000);
    } catch (err) {
      deps.metrics.dispatched('report', true, (performance.now() - started) / 1000);
      failures.push(`attributes[${i}]: ${describeError(err)}`);
    }
  }
  if (failures.length > 0) throw new ReportDispatchError(`${failures.length} of ${bags.length} attribute sets failed: ${failures.join('; ')}`);
  return bags.length;
}
