// Test support: Istio 1.2's own sample data and golden files (from the shared istio-samples
// folder), the parameters upstream tests used with them, and the documented normalisation that
// makes our output comparable. Used only by specs.
export * from './istio-samples';
export * from './normalise';
export * from './upstream-params';
export * from './webhook-goldens';
