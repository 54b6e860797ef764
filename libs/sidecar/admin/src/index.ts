export * from './admin-source';
export * from './admin-server';
export * from './status-server';
export * from './config-dump';
export * from './clusters-format';
export * from './stats-format';
