import { DEFAULT_BACKOFF, parseRetryOn, type RetryPolicy } from '@tsmesh/sidecar-resilience';
import type { RetryPolicyConfig } from '@tsmesh/sidecar-xds-client';

const compiled = new WeakMap<RetryPolicyConfig, RetryPolicy>();

/** A route's retry policy, parsed once per applied route (retry_on is validated when the route config is applied). */
export function retryPolicyOf(config: RetryPolicyConfig | undefined): RetryPolicy | undefined {
  if (!config) return undefined;
  let policy = compiled.get(config);
  if (!policy) {
    const { conditions, statusCodes } = parseRetryOn(config.retryOn);
    for (const code of config.retriableStatusCodes) statusCodes.add(code);
    const base = config.backoffBaseMs ?? DEFAULT_BACKOFF.backoffBaseMs;
    policy = {
      numRetries: config.numRetries,
      perTryTimeoutMs: config.perTryTimeoutMs ?? 0,
      retryOn: conditions,
      retriableStatusCodes: statusCodes,
      avoidPreviousHosts: config.avoidPreviousHosts,
      hostSelectionRetryMaxAttempts: config.hostSelectionRetryMaxAttempts,
      backoffBaseMs: base,
      backoffMaxMs: config.backoffMaxMs ?? base * 10,
    };
    compiled.set(config, policy);
  }
  return policy;
}
