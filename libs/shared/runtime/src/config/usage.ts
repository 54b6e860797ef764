import { formatDefault, type FlagSpecs } from './flags';

const MAX_LEFT_WIDTH = 30;

/**
 * Usage text for `--help`, one flag per line, Go-flag style:
 *   --grpc-port <port>   xDS gRPC port (default 15010, env PILOT_GRPC_PORT)
 */
export function formatUsage(name: string, spec: FlagSpecs, summary?: string): string {
  const rows = Object.values(spec)
    .map((entry) => {
      const left = `  --${entry.flag}${entry.valueName ? ` ${entry.valueName}` : ''}`;
      const notes: string[] = [];
      if (entry.required) notes.push('required');
      const shownDefault = formatDefault(entry);
      if (shownDefault !== undefined && !(entry.kind === 'boolean' && shownDefault === 'false')) {
        notes.push(`default ${shownDefault}`);
      }
      if (entry.env) notes.push(`env ${entry.env}`);
      return { left, right: `${entry.description}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}` };
    })
    .concat([{ left: '  --help', right: 'show this help and exit' }])
    .sort((a, b) => a.left.localeCompare(b.left));
  // Long placeholders (`fatal|error|...`) would push every description far right; those rows
  // put their description on the next line instead.
  const width = Math.min(MAX_LEFT_WIDTH, Math.max(...rows.map((row) => row.left.length))) + 3;
  const lines = [`Usage: ${name} [flags]`, ...(summary ? ['', summary] : []), '', 'Flags:'];
  for (const row of rows) {
    if (row.left.length < width - 1) lines.push(`${row.left.padEnd(width)}${row.right}`);
    else lines.push(row.left, `${' '.repeat(width)}${row.right}`);
  }
  return `${lines.join('\n')}\n`;
}
