export * from './http/filter';
export * from './http/router/route-table';
export * from './http/router/resolve-route';
export * from './http/fault/fault.filter';
export * from './registry';
