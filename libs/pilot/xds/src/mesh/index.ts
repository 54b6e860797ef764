export * from './locality-lb-setting';
export * from './mesh-config';
