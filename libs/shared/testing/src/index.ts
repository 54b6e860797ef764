export { freePort, freePorts } from './ports';
export { waitFor, waitForHttpOk } from './wait-for';
export type { WaitForOptions } from './wait-for';
export { makeTempDir, cleanup } from './temp-dir';
export { HarnessProcess, ProcessHarness } from './process-harness';
export type { ExitInfo, SpawnOptions } from './process-harness';
