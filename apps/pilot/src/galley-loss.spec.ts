import { credentials } from '@grpc/grpc-js';
import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { AggregatedDiscoveryServiceClient } from '@tsmesh/contracts/envoy/service/discovery/v3/ads';
import { DiscoveryRequest, type DiscoveryResponse } from '@tsmesh/contracts/envoy/service/discovery/v3/discovery';
import { cleanup, freePort, makeTempDir, ProcessHarness, waitFor } from '@tsmesh/shared-testing';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const DIST = resolve(__dirname, '../../../dist/apps');
const NODE = { id: 'sidecar~10.1.0.9~productpage-1.default~default.svc.cluster.local', cluster: 'productpage.default' };
jest.setTimeout(60_000);

const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: default}\nspec:\n  ports: [{name: http, port: 9080}]\n`;

/** A proxy that ACKs every CDS response and remembers the cluster names of the latest. */
function cdsWatcher(address: string) {
  const client = new AggregatedDiscoveryServiceClient(address, credentials.createInsecure());
  const stream = client.streamAggregatedResources();
  let clusters: string[] = [];
  stream.on('data', (r: DiscoveryResponse) => {
    clusters = r.resources.map((a) => Cluster.decode(a.value).name);
    stream.write(DiscoveryRequest.fromPartial({ node: NODE, typeUrl: r.typeUrl, versionInfo: r.versionInfo, responseNonce: r.nonce }));
  });
  stream.on('error', () => undefined);
  stream.write(DiscoveryRequest.fromPartial({ node: NODE, typeUrl: XdsTypeUrl.Cluster }));
  return { clusters: () => clusters, close: () => client.close() };
}

describe('pilot when galley goes away', () => {
  const harness = new ProcessHarness();
  afterEach(async () => {
    await harness.stopAll();
    await cleanup();
  });

  it('keeps serving its last good config, reconnects with backoff, and resyncs when galley returns', async () => {
    for (const app of ['galley', 'pilot']) if (!existsSync(join(DIST, app, 'main.js'))) throw new Error(`dist/apps/${app} is missing: run npx nx build ${app}`);
    const dir = await makeTempDir('pilot-galley-loss-');
    await writeFile(join(dir, 'reviews.yaml'), service('reviews'));
    const galleyPort = await freePort();
    const startGalley = () => harness.spawn('galley', process.execPath, [join(DIST, 'galley', 'main.js'), '--grpc-port', String(galleyPort), '--monitoring-port', '0', '--validation-port', '0', '--cert-dir', join(dir, '.certs'), '--config-dir', dir]);
    let galley = startGalley();
    await galley.waitForOutput(/"grpc":\d+/, 15_000);
    const pilot = harness.spawn('pilot', process.execPath, [join(DIST, 'pilot', 'main.js'), '--grpc-port', '0', '--http-port', '0', '--monitoring-port', '0', '--galley-address', `127.0.0.1:${galleyPort}`, '--debounce-after', '10ms']);
    const [, xdsPort] = (await pilot.waitForOutput(/"grpc":(\d+)/, 15_000)) as RegExpMatchArray & [string, string];
    const address = `127.0.0.1:${xdsPort}`;

    const before = cdsWatcher(address);
    await waitFor(() => before.clusters().includes('outbound|9080||reviews.default.svc.cluster.local'), { timeoutMs: 15_000 });

    galley.signal('SIGKILL');
    await galley.waitForExit(10_000);
    await pilot.waitForOutput(/retry|reconnect/i, 15_000);
    const during = cdsWatcher(address);
    await waitFor(() => during.clusters().includes('outbound|9080||reviews.default.svc.cluster.local'), { timeoutMs: 10_000 });

    await writeFile(join(dir, 'ratings.yaml'), service('ratings'));
    galley = startGalley();
    await waitFor(() => before.clusters().includes('outbound|9080||ratings.default.svc.cluster.local'), { timeoutMs: 30_000 });
    expect(during.clusters()).toContain('outbound|9080||ratings.default.svc.cluster.local');
    before.close();
    during.close();
  });
});
