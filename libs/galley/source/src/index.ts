export * from './parse';
export * from './snapshot';
export * from './directory-source';
export * from './config-tree';
export * from './read-config-file';
export * from './locate-fields';
