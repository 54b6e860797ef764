export * from './workload';
export * from './inbound-exchange';
export * from './data-plane';
export * from './sidecar-stats';
export * from './sidecar-agent';
export * from './dataplane-bridge';
