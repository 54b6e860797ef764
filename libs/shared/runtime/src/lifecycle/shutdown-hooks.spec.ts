import { Writable } from 'node:stream';
import { createLogger } from '../logging/logger';
import { ShutdownHooks, withDeadline } from './shutdown-hooks';

describe('ShutdownHooks', () => {
  it('runs hooks once, in reverse registration order, and keeps going after a failure', async () => {
    const lines: string[] = [];
    const log = createLogger({ component: 't', destination: new Writable({ write: (c: Buffer, _e, done) => (lines.push(c.toString()), done()) }) });
    const order: string[] = [];
    const hooks = new ShutdownHooks();
    hooks.add(() => void order.push('store'), 'store');
    hooks.add(async () => {
      order.push('grpc');
      throw new Error('already closed');
    }, 'grpc');
    hooks.add(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      order.push('watcher');
    });
    expect(hooks.size).toBe(3);
    await expect(hooks.runAll(log)).resolves.toBe(1);
    expect(order).toEqual(['watcher', 'grpc', 'store']);
    expect(lines.join('')).toContain('shutdown hook \\"grpc\\" failed: already closed');
    await expect(hooks.runAll(log)).resolves.toBe(0);
    expect(order).toHaveLength(3);
  });
});

describe('withDeadline', () => {
  it('returns the value when the work finishes in time', async () => {
    await expect(withDeadline(Promise.resolve(42), 1_000)).resolves.toEqual({ timedOut: false, value: 42 });
  });

  it('reports a timeout when the work takes too long', async () => {
    const started = Date.now();
    await expect(withDeadline(new Promise(() => undefined), 50)).resolves.toEqual({ timedOut: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
