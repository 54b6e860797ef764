import { request } from 'undici';
import type { OptionSpec } from '../cli/cli-arguments';

export const PILOT_OPTION: OptionSpec = {
  name: 'pilot',
  kind: 'string',
  valueName: 'url',
  description: "pilot's debug HTTP address (its --http-port; 8080 in a cluster). Default $PILOT_DEBUG_URL or http://127.0.0.1:8080",
};

export function pilotUrl(option: string | boolean | undefined): string {
  const value = typeof option === 'string' ? option : (process.env['PILOT_DEBUG_URL'] ?? 'http://127.0.0.1:8080');
  return value.replace(/\/+$/, '');
}

/** GETs a pilot debug endpoint; any failure becomes one readable line naming pilot's address. */
export async function getPilotJson<T>(base: string, path: string): Promise<T> {
  let res;
  try {
    res = await request(base + path, { headersTimeout: 10_000, bodyTimeout: 10_000 });
  } catch (err) {
    throw new Error(`cannot reach pilot at ${base}: ${(err as Error).message} (set --pilot or PILOT_DEBUG_URL)`);
  }
  const text = await res.body.text();
  if (res.statusCode !== 200) {
    let reason = text;
    try {
      reason = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: show the text as it is
    }
    throw new Error(`pilot ${path.split('?')[0]}: ${res.statusCode}: ${reason}`);
  }
  return JSON.parse(text) as T;
}

/** Left-aligned columns separated by three spaces, as istioctl's tabwriter prints them. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
