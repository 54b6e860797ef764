export * from './cross-checks';
