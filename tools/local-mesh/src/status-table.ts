import type { ComponentStatus } from './supervisor';

export interface StatusRow {
  readonly component: string;
  readonly pid: number | undefined;
  readonly ports: Readonly<Record<string, number>>;
  readonly healthy: boolean;
  readonly connectedTo: readonly string[];
  readonly logFile: string;
}

export function toRow(component: string, pid: number | undefined, status: ComponentStatus, logFile: string): StatusRow {
  return { component, pid, ports: status.ports ?? {}, healthy: status.ready === true, connectedTo: status.connectedTo ?? [], logFile };
}

/** A fixed-width table for the terminal. */
export function renderTable(rows: readonly StatusRow[]): string {
  const cells = rows.map((r) => [
    r.component,
    String(r.pid ?? '-'),
    Object.entries(r.ports).map(([k, v]) => `${k}:${v}`).join(' ') || '-',
    r.healthy ? 'yes' : 'NO',
    r.connectedTo.join(', ') || '-',
  ]);
  const header = ['COMPONENT', 'PID', 'PORTS', 'HEALTHY', 'CONNECTED-TO'];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (c: readonly string[]) => c.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(header), ...cells.map(line)].join('\n');
}
