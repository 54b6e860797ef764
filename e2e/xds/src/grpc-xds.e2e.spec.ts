// Proxyless gRPC (@grpc/grpc-js-xds) against the real galley + pilot: pilot must serve what a
// grpc-js-xds channel needs (LDS api_listener `<host>:<port>` -> RDS -> CDS EDS clusters -> EDS),
// and VirtualService/DestinationRule edits must change live routing.
// Diagnose with GRPC_TRACE=xds_client,xds_resolver,cds_balancer,xds_cluster_manager GRPC_VERBOSITY=DEBUG.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { cleanup, freePort, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { type ControlPlane, startControlPlane, writeBootstrap } from './control-plane';
import { type GreeterServer, sayHello, startGreeter } from './greeter';
import { type Backend, HOST, NAMESPACE, virtualServiceYaml, writeMeshConfig } from './mesh-config';

const BACKENDS: readonly Backend[] = [
  { version: 'v1', ip: '127.0.0.21' },
  { version: 'v2', ip: '127.0.0.22' },
  { version: 'v3', ip: '127.0.0.23' },
];

/**
 * Bounds for a binomial count: mean ± 5 standard deviations. A correct 80/20 split falls outside
 * with probability below 1e-6, while a missing split (0 or 100%) or 50/50 falls far outside.
 */
function binomialBounds(n: number, p: number): [number, number] {
  const sd = Math.sqrt(n * p * (1 - p));
  return [Math.floor(n * p - 5 * sd), Math.ceil(n * p + 5 * sd)];
}

async function countVersions(client: grpc.Client, calls: number, metadata?: grpc.Metadata): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < calls; i++) {
    const version = await sayHello(client, `call-${i}`, metadata);
    counts[version] = (counts[version] ?? 0) + 1;
  }
  return counts;
}

describe('pilot with @grpc/grpc-js-xds (proxyless gRPC)', () => {
  const harness = new ProcessHarness();
  const servers: GreeterServer[] = [];
  let controlPlane: ControlPlane;
  let vsFile = '';
  let client: grpc.Client;

  beforeAll(async () => {
    const configDir = await makeTempDir('e2e-xds-config-');
    const stateDir = await makeTempDir('e2e-xds-state-');
    const port = await freePort();
    for (const b of BACKENDS) servers.push(await startGreeter(b.ip, port, b.version));
    vsFile = await writeMeshConfig(configDir, port, BACKENDS, { v1: 80, v2: 20 });
    controlPlane = await startControlPlane(harness, configDir, stateDir);
    const bootstrap = join(stateDir, 'xds-bootstrap.json');
    await writeBootstrap(bootstrap, controlPlane.pilotAddress, NAMESPACE);
    // grpc-js-xds reads (and caches) the bootstrap when its first xDS client is created.
    process.env['GRPC_XDS_BOOTSTRAP'] = bootstrap;
    (require('@grpc/grpc-js-xds') as { register(): void }).register();
    client = new grpc.Client(`xds:///${HOST}:${port}`, grpc.credentials.createInsecure());
    // The first call succeeds once LDS, RDS, CDS and EDS have all been accepted by the client.
    await waitFor(async () => (await sayHello(client, 'ready', undefined, 2_000)) !== '', { timeoutMs: 30_000, intervalMs: 500, what: `a call over xds:///${HOST}:${port}` });
  });

  afterAll(async () => {
    client?.close();
    await harness.stopAll();
    await Promise.all(servers.map((s) => s.close()));
    await cleanup();
  });

  it('splits traffic 80/20 between subsets v1 and v2 as the VirtualService weights say', async () => {
    const calls = 500;
    const counts = await countVersions(client, calls);
    const [low, high] = binomialBounds(calls, 0.8);
    expect(counts['v3'] ?? 0).toBe(0);
    expect((counts['v1'] ?? 0) + (counts['v2'] ?? 0)).toBe(calls);
    expect(counts['v1'] ?? 0).toBeGreaterThanOrEqual(low);
    expect(counts['v1'] ?? 0).toBeLessThanOrEqual(high);
  });

  it('routes calls with metadata x-user: jason to v2 only', async () => {
    const metadata = new grpc.Metadata();
    metadata.set('x-user', 'jason');
    expect(await countVersions(client, 50, metadata)).toEqual({ v2: 50 });
  });

  it('follows an edit of the VirtualService file to 100% v3 without restarting anything', async () => {
    const pids = [controlPlane.galley.pid, controlPlane.pilot.pid];
    await writeFile(vsFile, virtualServiceYaml({ v3: 100 }));
    await waitFor(async () => (await sayHello(client, 'after-edit')) === 'v3', { timeoutMs: 30_000, intervalMs: 200, what: 'routing to v3 after the VirtualService edit' });
    expect(await countVersions(client, 50)).toEqual({ v3: 50 });
    expect([controlPlane.galley.pid, controlPlane.pilot.pid]).toEqual(pids);
    expect(controlPlane.pilot.child.exitCode).toBeNull();
  });
});
