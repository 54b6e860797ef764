export * from './mesh-error';
export * from './codes';
