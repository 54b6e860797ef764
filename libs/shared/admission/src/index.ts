export * from './admission-review';
export * from './dev-certificates';
export * from './json-patch';
export * from './tls-files';
export * from './admission-server';
