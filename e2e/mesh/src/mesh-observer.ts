// What a test reads to know the mesh's state: pilot's per-proxy xDS versions, a sidecar's admin
// /stats counters, and the access-log lines a sidecar wrote.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'undici';
import { getJson } from './http-helpers';

type SyncStatus = Array<{ proxy: string; types: Record<string, { sent?: string; acked?: string }> }>;

/** Every proxy's sent and ACKed version of every xDS type, as one comparable string. */
export async function xdsVersions(pilotHttpPort: number): Promise<{ key: string; proxies: number; allAcked: boolean }> {
  const status = await getJson<SyncStatus>(`http://127.0.0.1:${pilotHttpPort}/debug/syncz`);
  const rows = status.map((p) => `${p.proxy} ${Object.entries(p.types).sort().map(([t, v]) => `${t}=${v.sent}/${v.acked}`).join(' ')}`).sort();
  const allAcked = status.every((p) => Object.values(p.types).every((v) => v.sent !== undefined && v.sent === v.acked));
  return { key: rows.join('\n'), proxies: status.length, allAcked };
}

/**
 * Waits until pilot has pushed a config other than `before` to the proxies, every proxy has
 * ACKed it, and nothing changes for a few polls more: galley and pilot both debounce, so one
 * file change may reach the proxies as more than one push.
 */
export async function waitForPush(pilotHttpPort: number, before: string, proxies: number, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let stable = 0;
  let last = '';
  for (;;) {
    const now = await xdsVersions(pilotHttpPort);
    const settled = now.key !== before && now.allAcked && now.proxies === proxies;
    stable = settled && now.key === last ? stable + 1 : 0;
    last = now.key;
    if (stable >= 3) return;
    if (Date.now() > deadline) throw new Error(`pilot's push did not settle within ${timeoutMs} ms (changed: ${now.key !== before}, all ACKed: ${now.allAcked}, proxies: ${now.proxies}/${proxies})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** A sidecar's admin /stats as name → value. */
export async function sidecarStats(podIp: string): Promise<Map<string, number>> {
  const text = await (await request(`http://${podIp}:15000/stats`)).body.text();
  return new Map(
    text
      .split('\n')
      .map((line) => /^(\S+): (\d+)$/.exec(line))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1] ?? '', Number(m[2])]),
  );
}

/** The sum of every counter whose name ends with `suffix` (e.g. every HCM's `.fault.delays_injected`). */
export function sumBySuffix(stats: ReadonlyMap<string, number>, suffix: string): number {
  let total = 0;
  for (const [name, value] of stats) if (name.endsWith(suffix)) total += value;
  return total;
}

export interface AccessLogEntry {
  readonly method: string;
  readonly path: string;
  readonly authority: string;
  readonly response_code: number;
  readonly response_flags: string;
  readonly upstream_cluster: string | null;
  readonly downstream_local_address: string;
}

/** A sidecar's access log as the local mesh's supervisor keeps it; `since` reads only what came after a mark. */
export class AccessLog {
  readonly #file: string;

  constructor(stateDir: string, workload: string) {
    this.#file = join(stateDir, 'logs', `${workload}.sidecar.log`);
  }

  mark(): number {
    return statSync(this.#file).size;
  }

  since(mark: number): AccessLogEntry[] {
    const text = readFileSync(this.#file).subarray(mark).toString('utf8');
    return text
      .split('\n')
      .filter((line) => line.startsWith('{"start_time"'))
      .map((line) => JSON.parse(line) as AccessLogEntry);
  }
}
