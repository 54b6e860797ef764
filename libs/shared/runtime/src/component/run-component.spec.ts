import { writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { join, resolve } from 'node:path';
import { cleanup, makeTempDir, ProcessHarness, waitForHttpOk, type HarnessProcess } from '@tsmesh/shared-testing';
import { build } from 'esbuild';

// Runs a real component process through runComponent: the exit codes, stderr lines and signal
// handling are the contract the local-mesh runner and e2e tests rely on.

const workspace = resolve(__dirname, '../../../../..');

const entrySource = `
import { flag, runComponent, startGrpcServer } from '@tsmesh/shared-runtime';
import { PeerUnavailableError } from '@tsmesh/shared-errors';

const mode = process.env['DEMO_MODE'] ?? 'ok';
runComponent({
  name: 'demo',
  description: 'A component used by runComponent tests.',
  config: {
    peer: flag.string({ flag: 'peer', env: 'DEMO_PEER', default: 'galley', description: 'peer to pretend to connect to' }),
    grpcPort: flag.port({ flag: 'grpc-port', default: 0, description: 'gRPC port' }),
  },
  async start(ctx) {
    if (mode === 'fail-start') throw new PeerUnavailableError(ctx.config.peer + ' at 127.0.0.1:9901 is not answering');
    if (mode === 'ok') process.emitWarning('demo api is deprecated', 'DeprecationWarning', 'DEMO001');
    const grpc = await startGrpcServer({ host: ctx.config.host, port: ctx.config.grpcPort, services: [], portFlag: '--grpc-port' });
    ctx.onShutdown(() => grpc.close(100), 'grpc server');
    ctx.onShutdown(() => ctx.log.info('hook one ran'));
    ctx.onShutdown(async () => {
      if (mode === 'slow-hook') await new Promise((resolve) => setTimeout(resolve, 60_000));
      ctx.log.info('hook two ran');
    });
    ctx.announce({ ports: { grpc: grpc.port }, connectedTo: [ctx.config.peer] });
    if (mode === 'reject') setTimeout(() => void Promise.reject(new Error('lost the watch')), 50);
  },
});
`;

interface Line {
  readonly level?: string;
  readonly msg?: string;
  readonly [key: string]: unknown;
}

const jsonLines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);

describe('runComponent (child process)', () => {
  jest.setTimeout(60_000);
  const harness = new ProcessHarness(2_000);
  let bundle: string;

  beforeAll(async () => {
    const dir = await makeTempDir('run-component-');
    const entry = join(dir, 'main.ts');
    bundle = join(dir, 'main.js');
    await writeFile(entry, entrySource);
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      tsconfig: join(workspace, 'tsconfig.base.json'),
      packages: 'external',
      logLevel: 'silent',
    });
  });

  afterAll(async () => {
    await harness.stopAll();
    await cleanup();
  });

  const spawnDemo = (args: string[], env: Record<string, string> = {}): HarnessProcess =>
    harness.spawn('demo', process.execPath, [bundle, ...args], {
      // Externals (pino, fastify, grpc-js...) resolve from the workspace's node_modules.
      env: { NODE_PATH: join(workspace, 'node_modules'), DEMO_PEER: '', TSMESH_LOG_LEVEL: '', ...env },
    });

  it('prints exactly one line and exits 2 on a bad flag', async () => {
    const proc = spawnDemo(['--monitoring-port=abc']);
    await expect(proc.exited).resolves.toEqual({ code: 2, signal: null });
    expect(proc.output()).toBe('demo: TSM_CONFIG_INVALID: --monitoring-port: must be a port number 0..65535, got "abc"\n');
  });

  it('names the env var when a bad value came from the environment', async () => {
    const proc = spawnDemo([], { TSMESH_LOG_LEVEL: 'loud' });
    await expect(proc.exited).resolves.toEqual({ code: 2, signal: null });
    expect(proc.output()).toBe(
      'demo: TSM_CONFIG_INVALID: --log-level: must be one of fatal, error, warn, info, debug, trace, silent, got "loud" (from env TSMESH_LOG_LEVEL)\n',
    );
  });

  it('prints usage for --help and exits 0', async () => {
    const proc = spawnDemo(['--help']);
    await expect(proc.exited).resolves.toEqual({ code: 0, signal: null });
    expect(proc.output()).toMatch(/^Usage: demo \[flags\]\n\nA component used by runComponent tests\.\n/);
    expect(proc.output()).toMatch(/--monitoring-port <port> +.*\(default 15014\)/);
    expect(proc.output()).toMatch(/--peer <string> +peer to pretend to connect to \(default "galley", env DEMO_PEER\)/);
  });

  it('serves status with real ports, then drains on SIGTERM: hooks in reverse order, exit 0', async () => {
    const proc = spawnDemo(['--monitoring-port', '0', '--peer=pilot']);
    await proc.waitForOutput(/"msg":"demo ready/, 20_000);
    const ready = jsonLines(proc.output()).find((line) => line.msg?.startsWith('demo ready'));
    const ports = ready?.['ports'] as { monitoring: number; grpc: number };
    expect(ports.monitoring).toBeGreaterThan(0);
    expect(ports.grpc).toBeGreaterThan(0);

    const status = JSON.parse(await waitForHttpOk(`http://127.0.0.1:${ports.monitoring}/debug/status`)) as Record<string, unknown>;
    expect(status).toMatchObject({ name: 'demo', pid: proc.pid, ready: true, reasons: [], ports, connectedTo: ['pilot'] });

    expect(jsonLines(proc.output())).toContainEqual(
      expect.objectContaining({ level: 'warn', code: 'DEMO001', msg: 'node warning: demo api is deprecated' }),
    );

    proc.signal('SIGTERM');
    await expect(proc.exited).resolves.toEqual({ code: 0, signal: null });
    const messages = jsonLines(proc.output()).map((line) => line.msg);
    const after = messages.slice(messages.findIndex((msg) => msg === 'received SIGTERM; starting graceful shutdown'));
    expect(after[0]).toBe('received SIGTERM; starting graceful shutdown');
    expect(after[1]).toBe('draining (received SIGTERM): marked not ready, running 3 shutdown hook(s)');
    expect(after.slice(2, 4)).toEqual(['hook two ran', 'hook one ran']);
    expect(after[4]).toMatch(/^drained in \d+ms$/);
    expect(after[5]).toBe('exiting with code 0');
    expect(after).toHaveLength(6);
    expect(proc.output().split('\n').filter((line) => line !== '' && !line.startsWith('{'))).toEqual([]);
  });

  it('forces exit 1 on a second signal during a hanging drain', async () => {
    const proc = spawnDemo(['--monitoring-port=0', '--drain-timeout=1m'], { DEMO_MODE: 'slow-hook' });
    await proc.waitForOutput(/"msg":"demo ready/, 20_000);
    proc.signal('SIGINT');
    await proc.waitForOutput(/running 3 shutdown hook/);
    proc.signal('SIGTERM');
    await expect(proc.exited).resolves.toEqual({ code: 1, signal: null });
    expect(jsonLines(proc.output()).at(-1)).toMatchObject({ level: 'error', msg: 'received SIGTERM again during shutdown; forcing exit' });
  });

  it('logs one line and exits 1 when start() fails', async () => {
    const proc = spawnDemo(['--monitoring-port=0'], { DEMO_MODE: 'fail-start' });
    await expect(proc.exited).resolves.toEqual({ code: 1, signal: null });
    const lines = proc.output().split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      level: 'error',
      component: 'demo',
      code: 'TSM_PEER_UNAVAILABLE',
      msg: 'start failed: TSM_PEER_UNAVAILABLE: galley at 127.0.0.1:9901 is not answering',
    });
  });

  it('logs one BindError line and exits 1 when a port is busy', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const busy = (blocker.address() as AddressInfo).port;
    try {
      const proc = spawnDemo(['--monitoring-port=0', `--grpc-port=${busy}`], { DEMO_MODE: 'bind' });
      await expect(proc.exited).resolves.toEqual({ code: 1, signal: null });
      const lines = proc.output().split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '')).toMatchObject({
        level: 'error',
        msg: `start failed: TSM_BIND_FAILED: --grpc-port: gRPC server cannot listen on 127.0.0.1:${busy}: address already in use`,
      });

      const monitoringBusy = spawnDemo([`--monitoring-port=${busy}`], { DEMO_MODE: 'bind' });
      await expect(monitoringBusy.exited).resolves.toEqual({ code: 1, signal: null });
      expect(monitoringBusy.output()).toContain(`"msg":"start failed: TSM_BIND_FAILED: --monitoring-port: monitoring server cannot listen on 127.0.0.1:${busy}: address already in use"`);
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });

  it('logs one fatal line and exits 1 on an unhandled rejection', async () => {
    const proc = spawnDemo(['--monitoring-port=0'], { DEMO_MODE: 'reject' });
    await expect(proc.exited).resolves.toEqual({ code: 1, signal: null });
    const last = jsonLines(proc.output()).at(-1);
    expect(last).toMatchObject({ level: 'fatal', msg: 'unhandled promise rejection: lost the watch' });
    expect(String(last?.['stack'])).toContain('Error: lost the watch');
    expect(proc.output().split('\n').filter((line) => line !== '' && !line.startsWith('{'))).toEqual([]);
  });
});
