export * from './http/filter';
export * from './http/router/route-table';
export * from './registry';
