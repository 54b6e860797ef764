import { CircuitBreaker, DEFAULT_THRESHOLDS } from '../circuit-breaker/circuit-breaker';
import { DEFAULT_BACKOFF, istioDefaultRetryPolicy, isRetriable, parseRetryOn, type RetryPolicy, retryBackoffMs, RetryPolicyError } from './retry-policy';
import { RetryState } from './retry-state';

function policy(retryOn: string, numRetries = 2): RetryPolicy {
  const { conditions, statusCodes } = parseRetryOn(retryOn);
  return { numRetries, perTryTimeoutMs: 0, retryOn: conditions, retriableStatusCodes: statusCodes, avoidPreviousHosts: true, hostSelectionRetryMaxAttempts: 3, ...DEFAULT_BACKOFF };
}

describe('retry policy', () => {
  it('parses Envoy conditions and numeric codes, and names what it does not know', () => {
    const parsed = parseRetryOn('5xx, connect-failure,503,unavailable');
    expect([...parsed.conditions].sort()).toEqual(['5xx', 'connect-failure', 'retriable-status-codes', 'unavailable']);
    expect([...parsed.statusCodes]).toEqual([503]);
    expect(() => parseRetryOn('5xx,sometimes')).toThrow(RetryPolicyError);
    expect(() => parseRetryOn('5xx,sometimes')).toThrow(/"sometimes"/);
  });

  it('retries each outcome exactly under the conditions Envoy documents', () => {
    const p5xx = policy('5xx');
    expect(isRetriable({ kind: 'response', status: 500 }, p5xx)).toBe(true);
    expect(isRetriable({ kind: 'response', status: 404 }, p5xx)).toBe(false);
    expect(isRetriable({ kind: 'reset' }, p5xx)).toBe(true);
    expect(isRetriable({ kind: 'per-try-timeout' }, p5xx)).toBe(true);
    const gateway = policy('gateway-error');
    expect(isRetriable({ kind: 'response', status: 503 }, gateway)).toBe(true);
    expect(isRetriable({ kind: 'response', status: 500 }, gateway)).toBe(false);
    expect(isRetriable({ kind: 'reset' }, gateway)).toBe(false);
    expect(isRetriable({ kind: 'connect-failure' }, policy('connect-failure'))).toBe(true);
    expect(isRetriable({ kind: 'reset' }, policy('connect-failure'))).toBe(false);
    expect(isRetriable({ kind: 'response', status: 409 }, policy('retriable-4xx'))).toBe(true);
    expect(isRetriable({ kind: 'refused-stream' }, policy('refused-stream'))).toBe(true);
    expect(isRetriable({ kind: 'response', status: 429 }, policy('429'))).toBe(true);
    expect(isRetriable({ kind: 'response', status: 200, grpcStatus: 14 }, policy('unavailable'))).toBe(true);
    expect(isRetriable({ kind: 'response', status: 200, grpcStatus: 4 }, policy('unavailable'))).toBe(false);
    expect(isRetriable({ kind: 'response', status: 200, grpcStatus: 4 }, policy('deadline-exceeded'))).toBe(true);
  });

  it("has Istio 1.2's default: 2 retries on connect failures, refused streams, unavailable and 503, avoiding previous hosts", () => {
    const d = istioDefaultRetryPolicy();
    expect(d.numRetries).toBe(2);
    expect(isRetriable({ kind: 'connect-failure' }, d)).toBe(true);
    expect(isRetriable({ kind: 'response', status: 503 }, d)).toBe(true);
    expect(isRetriable({ kind: 'response', status: 500 }, d)).toBe(false);
    expect(d.avoidPreviousHosts).toBe(true);
  });

  it('backs off with full jitter, growing exponentially up to the cap', () => {
    expect(retryBackoffMs(1, DEFAULT_BACKOFF, () => 0.999)).toBe(24);
    expect(retryBackoffMs(2, DEFAULT_BACKOFF, () => 0.999)).toBe(74);
    expect(retryBackoffMs(10, DEFAULT_BACKOFF, () => 0.999)).toBe(249);
    expect(retryBackoffMs(3, DEFAULT_BACKOFF, () => 0)).toBe(0);
  });
});

describe('retry state', () => {
  it('stops after numRetries, refuses when the body was not buffered, and avoids tried hosts', () => {
    const state = new RetryState(policy('5xx', 2));
    state.recordHost('10.0.0.1:80');
    expect(state.avoids('10.0.0.1:80')).toBe(true);
    expect(state.next({ kind: 'response', status: 503 }, false)).toEqual({ retry: false, reason: 'body-not-buffered' });
    expect(state.next({ kind: 'response', status: 503 }, true).retry).toBe(true);
    expect(state.next({ kind: 'response', status: 503 }, true).retry).toBe(true);
    expect(state.next({ kind: 'response', status: 503 }, true)).toEqual({ retry: false, reason: 'exhausted' });
    expect(state.next({ kind: 'response', status: 404 }, true)).toEqual({ retry: false, reason: 'not-retriable' });
  });

  it("draws each in-flight retry from the cluster's max_retries, and overflows when it is spent", () => {
    const breaker = new CircuitBreaker({ ...DEFAULT_THRESHOLDS, maxRetries: 1 });
    const a = new RetryState(policy('5xx', 3), breaker);
    const b = new RetryState(policy('5xx', 3), breaker);
    expect(a.next({ kind: 'reset' }, true).retry).toBe(true);
    expect(b.next({ kind: 'reset' }, true)).toEqual({ retry: false, reason: 'overflow' });
    expect(breaker.stats().overflow.retries).toBe(1);
    expect(a.next({ kind: 'reset' }, true).retry).toBe(true); // its own finished retry's slot is reused
    a.release();
    expect(b.next({ kind: 'reset' }, true).retry).toBe(true);
    b.release();
    expect(breaker.stats().active.retries).toBe(0);
  });
});
