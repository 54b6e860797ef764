export * from './retry/retry-policy';
export * from './retry/retry-state';
export * from './circuit-breaker/circuit-breaker';
export * from './outlier/outlier-detector';
export * from './hashing/murmur3';
export * from './hashing/ring-hash';
export * from './hashing/hash-policy';
export * from './fault/fault-decision';
