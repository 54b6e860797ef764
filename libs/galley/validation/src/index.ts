export * from './cross-checks';
export * from './validate-resource';
export * from './admission';
export * from './validate-files';
