export * from './collections';
export * from './resource';
export * from './sink-client';
