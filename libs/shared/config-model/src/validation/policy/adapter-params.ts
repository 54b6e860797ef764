import { bypass, kubernetesenv, noop } from './adapters/infra-adapters';
import { denier, listchecker, opa, rbac } from './adapters/check-adapters';
import { memquota, redisquota } from './adapters/quota-adapters';
import { prometheus } from './adapters/prometheus';
import { circonus, cloudwatch, dogstatsd, fluentd, statsd, stdio } from './adapters/telemetry-adapters';
import { signalfx, solarwinds, stackdriver, zipkin } from './adapters/cloud-adapters';
import type { AdapterParams } from './adapters/adapter-schema';

export type { AdapterParams } from './adapters/adapter-schema';

/**
 * Adapter name (a handler's `compiledAdapter`, or the per-adapter kind) -> its params schema: every
 * adapter Istio 1.2 compiles into Mixer (mixer/adapter/metadata/inventory.go).
 */
export const ADAPTER_PARAMS: Readonly<Record<string, AdapterParams>> = Object.freeze({
  bypass, circonus, cloudwatch, denier, dogstatsd, fluentd, kubernetesenv, listchecker, memquota, noop, opa,
  prometheus, rbac, redisquota, signalfx, solarwinds, stackdriver, statsd, stdio, zipkin,
});
