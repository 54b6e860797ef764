export * from './mixer-service';
export * from './check-handler';
export * from './report-handler';
export * from './report-ledger';
export * from './mixer-metrics';
export * from './debug-routes';
export * from './grpc-errors';
