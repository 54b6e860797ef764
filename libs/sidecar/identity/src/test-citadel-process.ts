import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HarnessProcess, ProcessHarness } from '@tsmesh/shared-testing';

// Test-only: runs the real Citadel binary (built by `nx build citadel`, which this project's test
// target depends on) so the sidecar is tested against the actual server over real TLS.

const CITADEL_MAIN = resolve(__dirname, '../../../../dist/apps/citadel/main.js');

export interface CitadelProcessOptions {
  readonly port: number;
  readonly rootDir: string;
  readonly tokenKeyFile: string;
  /** Workload certificate TTL, also the maximum (e.g. `4s`). */
  readonly ttl: string;
}

export async function startCitadelProcess(harness: ProcessHarness, options: CitadelProcessOptions): Promise<HarnessProcess> {
  if (!existsSync(CITADEL_MAIN)) throw new Error(`${CITADEL_MAIN} is missing: run npx nx build citadel`);
  const citadel = harness.spawn('citadel', process.execPath, [
    CITADEL_MAIN,
    '--grpc-port', String(options.port),
    '--monitoring-port', '0',
    '--root-dir', options.rootDir,
    '--token-verification-key', options.tokenKeyFile,
    '--workload-cert-ttl', options.ttl,
    '--max-workload-cert-ttl', options.ttl,
  ]);
  await citadel.waitForOutput(/citadel gRPC listening/, 15_000);
  return citadel;
}
