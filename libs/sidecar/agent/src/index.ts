export * from './workload';
export * from './inbound-exchange';
export * from './sidecar-agent';
