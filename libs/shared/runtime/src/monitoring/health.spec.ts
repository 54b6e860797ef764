import { HealthRegistry } from './health';

describe('HealthRegistry', () => {
  it('is not ready until started, then follows its checks, and never again once draining', () => {
    const health = new HealthRegistry();
    let galley: boolean | string = 'not connected';
    health.addCheck('galley', () => galley);
    expect(health.status()).toEqual({ ready: false, reasons: ['starting: start() has not finished', 'galley: not connected'] });

    health.markStarted();
    expect(health.status()).toEqual({ ready: false, reasons: ['galley: not connected'] });
    galley = true;
    expect(health.status()).toEqual({ ready: true, reasons: [] });
    galley = false;
    expect(health.status().reasons).toEqual(['galley: not ready']);

    galley = true;
    health.markDraining();
    health.markStarted();
    expect(health.status()).toEqual({ ready: false, reasons: ['draining: shutting down'] });
    expect(health.draining).toBe(true);
  });

  it('reports a throwing check as a reason instead of failing the probe', () => {
    const health = new HealthRegistry();
    health.markStarted();
    health.addCheck('cache', () => {
      throw new Error('boom');
    });
    expect(health.status()).toEqual({ ready: false, reasons: ['cache: check failed: boom'] });
  });

  it('removes a check with the returned function', () => {
    const health = new HealthRegistry();
    health.markStarted();
    const remove = health.addCheck('peer', () => false);
    expect(health.status().ready).toBe(false);
    remove();
    expect(health.status().ready).toBe(true);
  });
});
