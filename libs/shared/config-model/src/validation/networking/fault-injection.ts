import { IssueSink } from '../issues';
import { field, has, num, obj, type Json } from '../schema/access';
import { checkDurationAtLeastMs } from '../common/duration';
import { checkPercent } from '../common/values';

/** Istio's validatePercentageOrDefault: `percentage.value` is 0 or in [0.0001, 100], else `percent` 0..100. */
function checkPercentage(parent: Json, path: string, sink: IssueSink): void {
  const percentage = obj(parent, 'percentage');
  if (percentage !== undefined) {
    const value = num(percentage, 'value');
    if (value < 0 || value > 100 || (value > 0 && value < 0.0001)) {
      sink.error(`${path}.percentage.value`, `percentage ${value} is neither 0.0, nor in range [0.0001, 100.0]`);
    }
    return;
  }
  sink.check(`${path}.percent`, checkPercent(num(parent, 'percent')));
}

/** Istio's validateHTTPFaultInjection. */
export function checkFault(fault: Json, path: string, sink: IssueSink): void {
  if (fault === undefined) return;
  const abort = obj(fault, 'abort');
  const delay = obj(fault, 'delay');
  if (abort === undefined && delay === undefined) sink.error(path, 'HTTP fault injection must have an abort and/or a delay');
  if (abort !== undefined) {
    const at = `${path}.abort`;
    checkPercentage(abort, at, sink);
    // Istio 1.2 only implements HTTP status aborts.
    if (has(abort, 'grpcStatus')) sink.error(`${at}.grpcStatus`, 'gRPC abort fault injection is not supported in Istio 1.2');
    if (has(abort, 'http2Error')) sink.error(`${at}.http2Error`, 'HTTP/2 abort fault injection is not supported in Istio 1.2');
    const status = num(abort, 'httpStatus');
    if (status < 0 || status > 600) sink.error(`${at}.httpStatus`, `HTTP status ${status} is not in range 0-600`);
  }
  if (delay !== undefined) {
    const at = `${path}.delay`;
    checkPercentage(delay, at, sink);
    sink.check(`${at}.fixedDelay`, checkDurationAtLeastMs(field(delay, 'fixedDelay')));
    if (has(delay, 'exponentialDelay')) {
      sink.check(`${at}.exponentialDelay`, checkDurationAtLeastMs(field(delay, 'exponentialDelay')));
      sink.error(`${at}.exponentialDelay`, 'exponentialDelay is not supported in Istio 1.2');
    }
  }
}
