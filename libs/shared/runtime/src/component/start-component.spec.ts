import { connect, type AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ConfigError, InternalError, isMeshError, PeerUnavailableError } from '@tsmesh/shared-errors';
import { request } from 'undici';
import { flag } from '../config/flags';
import { startComponent } from './start-component';
import type { ComponentDefinition } from './types';

function logSink() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { destination, lines, messages: () => lines.map((line) => String(line['msg'])) };
}

/** Resolves when nothing listens on the port any more (a fresh connection is refused). */
function expectRefused(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      reject(new Error(`port ${port} still accepts connections`));
    });
    socket.once('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNREFUSED' ? resolve() : reject(err)));
  });
}

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await request(url);
  return { status: response.statusCode, body: (await response.body.json()) as Record<string, unknown> };
}

const spec = {
  peer: flag.string({ flag: 'peer', default: 'galley', description: 'peer name' }),
};

describe('startComponent', () => {
  it('runs start(), reports bound ports and readiness, and drains hooks in reverse order', async () => {
    const sink = logSink();
    const order: string[] = [];
    let connected: boolean | string = 'waiting for galley';
    let signal: AbortSignal | undefined;
    const definition: ComponentDefinition<typeof spec> = {
      name: 'pilot',
      version: '9.9.9',
      config: spec,
      async start(ctx) {
        signal = ctx.signal;
        expect(ctx.config.peer).toBe('galley');
        expect(ctx.config.drainTimeout).toBe(5_000);
        ctx.health.addCheck(ctx.config.peer, () => connected);
        ctx.monitoring.get('/debug/push_status', async () => ({ pushes: 0 }));
        ctx.announce({ ports: { grpc: 15010 }, connectedTo: [ctx.config.peer] });
        ctx.onShutdown(() => void order.push('first'), 'first');
        ctx.onShutdown(async () => void order.push('second'));
      },
    };
    const handle = await startComponent(definition, { argv: ['--monitoring-port=0'], logDestination: sink.destination });
    const base = handle.monitoringUrl;
    expect(base).toBe(`http://127.0.0.1:${handle.monitoringPort}`);
    expect(handle.ports()).toEqual({ monitoring: handle.monitoringPort, grpc: 15010 });

    const notReady = await getJson(`${base}/healthz/ready`);
    expect(notReady).toEqual({ status: 503, body: { ready: false, reasons: ['galley: waiting for galley'] } });
    connected = true;
    expect((await getJson(`${base}/healthz/ready`)).status).toBe(200);
    expect((await getJson(`${base}/debug/status`)).body).toEqual({
      name: 'pilot',
      pid: process.pid,
      version: '9.9.9',
      ready: true,
      reasons: [],
      ports: { monitoring: handle.monitoringPort, grpc: 15010 },
      connectedTo: ['galley'],
    });
    expect((await getJson(`${base}/debug/push_status`)).body).toEqual({ pushes: 0 });
    const metrics = await (await request(`${base}/metrics`)).body.text();
    expect(metrics).toMatch(/^tsmesh_ready(\{[^}]*\})? 1$/m);

    const readyLine = sink.lines.find((line) => String(line['msg']).includes('ready'));
    expect(readyLine).toMatchObject({ level: 'info', component: 'pilot', ports: { monitoring: handle.monitoringPort, grpc: 15010 } });
    expect(readyLine?.['msg']).toBe(`pilot ready on 127.0.0.1: monitoring=${handle.monitoringPort} grpc=15010`);

    const result = await handle.stop('test over');
    expect(result).toMatchObject({ outcome: 'drained', failedHooks: 0 });
    expect(order).toEqual(['second', 'first']);
    expect(signal?.aborted).toBe(true);
    expect(sink.messages()).toEqual(expect.arrayContaining(['draining (test over): marked not ready, running 2 shutdown hook(s)']));
    expect(sink.messages().some((msg) => /^drained in \d+ms$/.test(msg))).toBe(true);
    await expectRefused(handle.monitoringPort);
    await expect(handle.stop()).resolves.toBe(result);
  });

  it('cleans up what start() set up and rethrows when start() fails', async () => {
    const sink = logSink();
    let hookRan = false;
    let monitoringPort = 0;
    const failing = startComponent(
      {
        name: 'sidecar',
        config: {},
        async start(ctx) {
          ctx.onShutdown(() => {
            hookRan = true;
          });
          monitoringPort = (ctx.monitoring.server.address() as AddressInfo).port;
          throw new PeerUnavailableError('pilot at 127.0.0.1:15010 is not answering');
        },
      },
      { argv: ['--monitoring-port', '0'], logDestination: sink.destination },
    );
    await expect(failing).rejects.toThrow(PeerUnavailableError);
    expect(hookRan).toBe(true);
    expect(monitoringPort).toBeGreaterThan(0);
    await expectRefused(monitoringPort);
    // Cleanup after a failed start is quiet at info level: the caller logs the one error line.
    expect(sink.lines).toEqual([]);
  });

  it('bounds the drain by --drain-timeout', async () => {
    const sink = logSink();
    const handle = await startComponent(
      {
        name: 'mixer',
        config: {},
        start(ctx) {
          ctx.onShutdown(() => new Promise(() => undefined), 'stuck flush');
        },
      },
      { argv: ['--monitoring-port=0', '--drain-timeout=100ms'], logDestination: sink.destination },
    );
    const result = await handle.stop();
    expect(result.outcome).toBe('timed-out');
    expect(result.durationMs).toBeGreaterThanOrEqual(90);
    expect(result.durationMs).toBeLessThan(3_000);
    expect(sink.lines.find((line) => line['level'] === 'warn')?.['msg']).toMatch(/^drain timed out after \d+ms/);
    await expectRefused(handle.monitoringPort);
  });

  it('rejects bad flags with ConfigError and lets a component change a standard default', async () => {
    const bad = startComponent({ name: 'x', config: {}, start: () => undefined }, { argv: ['--monitoring-port=99999'] });
    await expect(bad).rejects.toThrow(ConfigError);

    const sink = logSink();
    const handle = await startComponent(
      {
        name: 'sidecar',
        config: { monitoringPort: flag.port({ flag: 'monitoring-port', default: 0, description: 'status port' }) },
        start: () => undefined,
      },
      { logDestination: sink.destination },
    );
    expect(handle.monitoringPort).toBeGreaterThan(0);
    await handle.stop();

    const clash = startComponent(
      { name: 'x', config: { host: flag.string({ flag: 'bind', default: '', description: '' }) }, start: () => undefined },
      { argv: [] },
    );
    const clashError = await clash.catch((err: unknown) => err);
    expect(isMeshError(clashError, InternalError)).toBe(true);
    expect((clashError as Error).message).toContain('config key "host" is a standard flag (--host)');
  });
});
