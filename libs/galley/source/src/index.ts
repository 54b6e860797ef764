export * from './parse';
export * from './snapshot';
export * from './directory-source';
