import { request } from 'undici';
import type { HarnessProcess } from '@tsmesh/shared-testing';

/** Envoy's name for the client's cluster of the backend service. */
export const outboundCluster = (port: number, host: string, subset = ''): string => `outbound|${port}|${subset}|${host}`;

/** One host's `health_flags` from the admin API's `/clusters` text (`healthy`, `/failed_outlier_check`). */
export async function hostHealth(adminUrl: string, cluster: string, hostIp: string): Promise<string | undefined> {
  const response = await request(`${adminUrl}/clusters`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  const text = await response.body.text();
  const prefix = `${cluster}::${hostIp}:`;
  for (const line of text.split('\n')) {
    if (line.startsWith(prefix) && line.includes('::health_flags::')) return line.slice(line.lastIndexOf('::') + 2);
  }
  return undefined;
}

/** A cluster-level value from `/clusters` text (`default_priority::max_retries`, `upstream_rq_retry_overflow`, …). */
export async function clusterValue(adminUrl: string, cluster: string, stat: string): Promise<string | undefined> {
  const response = await request(`${adminUrl}/clusters`, { headersTimeout: 5_000, bodyTimeout: 5_000 });
  const prefix = `${cluster}::${stat}::`;
  const line = (await response.body.text()).split('\n').find((l) => l.startsWith(prefix));
  return line?.slice(prefix.length);
}

export interface AccessLogEntry {
  readonly response_code: number;
  readonly response_flags: string;
  readonly duration: number;
  readonly upstream_host?: string;
  readonly path?: string;
  readonly [field: string]: unknown;
}

/** The access-log lines (JSON with a response code) a sidecar printed on stdout, in order. */
export function accessLog(sidecar: HarnessProcess): AccessLogEntry[] {
  const entries: AccessLogEntry[] = [];
  for (const line of sidecar.output().split('\n')) {
    if (!line.startsWith('{') || !line.includes('"response_flags"')) continue;
    try {
      const entry = JSON.parse(line) as Partial<AccessLogEntry>;
      if (typeof entry.response_code === 'number') entries.push(entry as AccessLogEntry);
    } catch {
      // A log line cut by the pipe's chunking; the next chunk completes it and it is read next time.
    }
  }
  return entries;
}

/** The failures among `entries`, counted by status, flags, attempts and reason: what a report shows. */
export function failureSummary(entries: readonly AccessLogEntry[]): Record<string, number> {
  const summary: Record<string, number> = {};
  for (const e of entries) {
    if (e.response_code < 500) continue;
    const key = `${e.response_code} ${e.response_flags || '-'} attempts=${String(e['upstream_attempts'])} ${String(e['reason'] ?? '')}`.trim();
    summary[key] = (summary[key] ?? 0) + 1;
  }
  return summary;
}
