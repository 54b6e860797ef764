import { parseDuration } from '@tsmesh/shared-runtime';

export interface WaitReadyOptions {
  readonly url: string;
  readonly timeoutMs: number;
  readonly periodMs: number;
}

/**
 * `sidecar wait-ready [--timeout 60s] [--url …] [--period 500ms]`, like 1.x's `pilot-agent wait`:
 * an app's start script runs it so the app starts only once its sidecar can route.
 */
export function parseWaitReadyArgs(args: readonly string[], env: NodeJS.ProcessEnv): WaitReadyOptions {
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [name, inline] = arg.startsWith('--') ? arg.slice(2).split(/=(.*)/s, 2) : [undefined, undefined];
    if (!name || !['timeout', 'url', 'period'].includes(name)) throw new Error(`unknown argument "${arg}" (usage: wait-ready [--timeout 60s] [--url URL] [--period 500ms])`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    values[name] = value;
  }
  const duration = (name: string, fallback: string): number => {
    const parsed = parseDuration(values[name] ?? fallback);
    if (!parsed.ok) throw new Error(`--${name}: ${parsed.reason}`);
    return parsed.ms;
  };
  return {
    url: values['url'] ?? `http://${env['INSTANCE_IP'] || '127.0.0.1'}:${env['STATUS_PORT'] || '15020'}/healthz/ready`,
    timeoutMs: duration('timeout', '60s'),
    periodMs: duration('period', '500ms'),
  };
}

/** Polls until the URL answers 200 (true) or the timeout passes (false). `say` gets progress lines. */
export async function waitReady(options: WaitReadyOptions, say: (line: string) => void): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  let last = '';
  for (;;) {
    try {
      const res = await fetch(options.url, { signal: AbortSignal.timeout(Math.max(100, Math.min(2000, options.periodMs * 2))) });
      const body = (await res.text()).trim();
      if (res.status === 200) {
        say(`sidecar ready (${options.url})`);
        return true;
      }
      last = `${res.status} ${body.slice(0, 300)}`;
    } catch (err) {
      last = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    }
    if (Date.now() >= deadline) {
      say(`sidecar not ready after ${options.timeoutMs}ms (${options.url}): ${last}`);
      return false;
    }
    await new Promise((r) => setTimeout(r, options.periodMs));
  }
}

export async function runWaitReady(args: readonly string[]): Promise<number> {
  let options: WaitReadyOptions;
  try {
    options = parseWaitReadyArgs(args, process.env);
  } catch (err) {
    process.stderr.write(`sidecar wait-ready: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  return (await waitReady(options, (line) => process.stderr.write(`sidecar wait-ready: ${line}\n`))) ? 0 : 1;
}
