export * from './mcp-source';
export type { CollectionWatch } from './sink-connection';
