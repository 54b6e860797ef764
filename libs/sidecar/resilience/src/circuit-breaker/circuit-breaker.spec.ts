import { CircuitBreaker, DEFAULT_THRESHOLDS } from './circuit-breaker';

describe('circuit breaker', () => {
  it('refuses past each threshold, counts the overflow, reports open state, and recovers on release', () => {
    const cb = new CircuitBreaker({ ...DEFAULT_THRESHOLDS, maxConnections: 1, maxPendingRequests: 2 });
    expect(cb.tryAcquire('connections')).toBe(true);
    expect(cb.tryAcquire('connections')).toBe(false);
    expect(cb.tryAcquire('pending')).toBe(true);
    expect(cb.tryAcquire('pending')).toBe(true);
    expect(cb.tryAcquire('pending')).toBe(false);
    const stats = cb.stats();
    expect(stats.overflow).toEqual({ connections: 1, pending: 1, requests: 0, retries: 0 });
    expect(stats.open.connections).toBe(true);
    expect(stats.open.requests).toBe(false);
    cb.release('connections');
    expect(cb.tryAcquire('connections')).toBe(true);
  });

  it('keeps what is in use when thresholds change', () => {
    const cb = new CircuitBreaker({ ...DEFAULT_THRESHOLDS, maxRequests: 5 });
    for (let i = 0; i < 3; i++) cb.tryAcquire('requests');
    cb.update({ ...DEFAULT_THRESHOLDS, maxRequests: 3 });
    expect(cb.tryAcquire('requests')).toBe(false);
    expect(cb.stats().active.requests).toBe(3);
  });
});
