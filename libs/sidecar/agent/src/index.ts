export * from './workload';
export * from './data-plane';
export * from './sidecar-stats';
export * from './sidecar-agent';
export * from './dataplane-bridge';
export * from './dataplane-exchange';
