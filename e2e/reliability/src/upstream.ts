import { request } from 'undici';
import { type HarnessProcess, type ProcessHarness, waitForHttpOk } from '@tsmesh/shared-testing';
import { SERVICE_PORT, type Pod } from './topology';

/**
 * The backend application: a plain node:http server in a process of its own, so a test can
 * SIGKILL it like a crashing container. It answers every request with its pod name (body and
 * `x-upstream`), and keeps counts the test reads on `/__control`, which also switches its
 * behaviour: `mode=ok|fail` (fail = 503) and `delay=<ms>` before answering.
 * `aborted` counts requests whose connection closed before the whole answer was written: what
 * a proxy in front of it dropping an in-flight request looks like from here.
 */
const UPSTREAM_SOURCE = String.raw`
const http = require('node:http');
const name = process.env.UPSTREAM_NAME;
let mode = 'ok';
let delayMs = 0;
const stats = { received: 0, completed: 0, aborted: 0, failed: 0, inFlight: 0 };
const server = http.createServer((req, res) => {
  if (req.url.startsWith('/__control')) {
    const q = new URL(req.url, 'http://x').searchParams;
    if (q.has('mode')) mode = q.get('mode');
    if (q.has('delay')) delayMs = Number(q.get('delay'));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ name, mode, delayMs, ...stats }));
    return;
  }
  stats.received++;
  stats.inFlight++;
  res.on('close', () => {
    stats.inFlight--;
    if (res.writableFinished) stats.completed++;
    else stats.aborted++;
  });
  req.resume();
  const answer = () => {
    if (res.destroyed) return;
    if (mode === 'fail') {
      stats.failed++;
      res.writeHead(503, { 'content-type': 'text/plain', 'x-upstream': name });
      res.end('failing on purpose');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': name });
    res.end(name);
  };
  if (delayMs > 0) setTimeout(answer, delayMs);
  else answer();
});
server.listen(Number(process.env.UPSTREAM_PORT), process.env.UPSTREAM_HOST, () => console.log('upstream listening'));
`;

export interface UpstreamStats {
  readonly name: string;
  readonly mode: string;
  readonly delayMs: number;
  readonly received: number;
  readonly completed: number;
  readonly aborted: number;
  readonly failed: number;
  readonly inFlight: number;
}

export class Upstream {
  #process: HarnessProcess | undefined;

  constructor(
    private readonly harness: ProcessHarness,
    readonly pod: Pod,
  ) {}

  get controlUrl(): string {
    return `http://${this.pod.appHost}:${SERVICE_PORT}/__control`;
  }

  async start(): Promise<void> {
    this.#process = this.harness.spawn(`${this.pod.name}/app`, process.execPath, ['-e', UPSTREAM_SOURCE], {
      env: { UPSTREAM_NAME: this.pod.name, UPSTREAM_HOST: this.pod.appHost, UPSTREAM_PORT: String(SERVICE_PORT) },
    });
    await waitForHttpOk(this.controlUrl, 20_000);
  }

  /** SIGKILL: the process dies with its connections, as a crashing container does. */
  async kill(): Promise<void> {
    const proc = this.#process;
    if (!proc) return;
    proc.child.kill('SIGKILL');
    await proc.waitForExit(10_000);
  }

  async control(params: { mode?: 'ok' | 'fail'; delayMs?: number } = {}): Promise<UpstreamStats> {
    const query = new URLSearchParams();
    if (params.mode) query.set('mode', params.mode);
    if (params.delayMs !== undefined) query.set('delay', String(params.delayMs));
    const response = await request(`${this.controlUrl}?${query.toString()}`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
    return (await response.body.json()) as UpstreamStats;
  }
}
