// The programmatic API of the xds load simulator (the CLI in main.ts is a thin wrapper).
export { LoadSimulator, probeServedKinds } from './load-simulator';
export type { LoadOptions, LoadSummary } from './load-simulator';
export { LoadClient } from './load-client';
export type { PushRecord, XdsKind } from './load-client';
export { simulatedProxy } from './node-identity';
export type { SimulatedProxy } from './node-identity';
