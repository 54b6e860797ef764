export * from './adapters/cluster.proto-adapter';
export * from './adapters/endpoint.proto-adapter';
export * from './xds-state';
export * from './ads-client';
export * from './resource-types';
export * from './adapters/listener.proto-adapter';
export * from './adapters/route.proto-adapter';
