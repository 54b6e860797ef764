import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { HTTPFault } from '@tsmesh/contracts/envoy/extensions/filters/http/fault/v3/fault';
import { FractionalPercent_DenominatorType } from '@tsmesh/contracts/envoy/type/v3/percent';
import type { Any } from '@tsmesh/contracts/google/protobuf/any';
import type { HTTPFaultInjection } from '@tsmesh/contracts/istio/networking/v1alpha3/virtual_service';
import { RouteProblem } from './route-problem';

/** Istio 1.2: `percentage.value` (a double) becomes parts per million; the deprecated int `percent` parts per hundred; neither is 100%. */
function fraction(percent: number, percentage: { value: number } | undefined) {
  if (percentage) return { numerator: Math.round(percentage.value * 10_000), denominator: FractionalPercent_DenominatorType.MILLION };
  return { numerator: percent || 100, denominator: FractionalPercent_DenominatorType.HUNDRED };
}

/** The route's `envoy.fault` typed_per_filter_config (undefined when the VS injects nothing). */
export function faultConfig(fault: HTTPFaultInjection | undefined): Any | undefined {
  if (!fault?.delay && !fault?.abort) return undefined;
  const delay = fault.delay;
  const abort = fault.abort;
  if (delay && delay.httpDelayType?.$case !== 'fixedDelay') throw new RouteProblem('fault delay needs fixedDelay (exponentialDelay is not supported by Istio 1.2)');
  if (abort && abort.errorType?.$case !== 'httpStatus') throw new RouteProblem('fault abort needs httpStatus');
  const msg = HTTPFault.fromPartial({
    ...(delay?.httpDelayType ? { delay: { faultDelaySecifier: { $case: 'fixedDelay', value: delay.httpDelayType.value }, percentage: fraction(delay.percent, delay.percentage) } } : {}),
    ...(abort?.errorType?.$case === 'httpStatus' ? { abort: { errorType: { $case: 'httpStatus', value: abort.errorType.value }, percentage: fraction(abort.percent, abort.percentage) } } : {}),
  });
  return { typeUrl: EnvoyTypeUrl.Fault, value: Buffer.from(HTTPFault.encode(msg).finish()) };
}
