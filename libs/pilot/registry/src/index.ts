export * from './model';
export * from './kubernetes';
export * from './service-entry';
export * from './registry';
export * from './config/pilot-config';
