import { createHash } from 'node:crypto';

export type { McpResource } from '@tsmesh/shared-mcp';

export function contentVersionOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 12);
}
