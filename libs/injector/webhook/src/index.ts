export * from './admission-handler';
export * from './admission-review';
export * from './dev-certificates';
export * from './injection-patch';
export * from './json-patch';
export * from './namespace-labels';
export * from './tls-files';
export * from './webhook-server';
