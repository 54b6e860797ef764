// Istio 1.2's "Egress Gateways" task (HTTP part), run as written over loopback: galley reads the
// task's YAML from its directory, pilot turns it into xDS, the client's sidecar and the egress
// gateway (the sidecar in router mode, labelled istio=egressgateway) route real requests to a
// real server outside the mesh.
import { connect } from 'node:net';
import { cleanup, type HarnessProcess, makeTempDir, ProcessHarness } from '@tsmesh/shared-testing';
import { callThroughSidecar, ExternalServer, proxyAccessLog, type ProxyLogEntry } from './egress-external';
import { EgressMesh } from './egress-mesh';
import { connectionOwner } from './egress-socket-owner';
import { EXTERNAL_HOST, EXTERNAL_SERVICE_PORT, GATEWAY_HOST, GATEWAY_PORT, makeEgressTopology, taskYaml } from './egress-topology';
import { eventually } from './http-helpers';
import { sidecarStats } from './mesh-observer';

const DIRECT_CLUSTER = `outbound|${EXTERNAL_SERVICE_PORT}||${EXTERNAL_HOST}`;
const GATEWAY_CLUSTER = `outbound|${GATEWAY_PORT}|cnn|${GATEWAY_HOST}`;
const REQUESTS = 5;

describe("Istio 1.2's Egress Gateways task: client sidecar -> istio-egressgateway (router) -> external server", () => {
  const harness = new ProcessHarness(10_000);
  const topology = makeEgressTopology();
  const { client, gateway } = topology;
  const external = new ExternalServer(topology.externalIp);
  let mesh: EgressMesh;
  let n = 0;
  /** A path never used before, so each request is found by it in every log. */
  const nextPath = () => `/politics/${++n}`;
  const clientLog = (path: string): ProxyLogEntry | undefined => proxyAccessLog(mesh.proxy(client)).find((e) => e.path === path);
  const gatewayLog = () => proxyAccessLog(mesh.proxy(gateway));
  const externalEndpoint = () => `${topology.externalIp}:${external.port}`;

  /** One request from the client app; it must reach the external server and come back 200. */
  async function call(path = nextPath()): Promise<string> {
    const answer = await callThroughSidecar(client.podIp, EXTERNAL_HOST, path);
    if (answer.status !== 200 || answer.servedBy !== 'edition') throw new Error(`${path}: HTTP ${answer.status} (served by ${answer.servedBy ?? 'nobody'})`);
    return path;
  }

  /** Requests until one takes the wanted way: the mesh converges asynchronously after a config change. */
  async function convergeTo(way: 'direct' | 'gateway'): Promise<void> {
    // The client's own log line says which cluster its sidecar picked.
    const tookWay = async (path: string) => {
      await logged(mesh.proxy(client), [path]);
      return clientLog(path)?.upstream_cluster === (way === 'gateway' ? GATEWAY_CLUSTER : DIRECT_CLUSTER);
    };
    await eventually(`requests going ${way}`, async () => ((await tookWay(await call())) ? true : undefined), 30_000);
  }

  /** Which proxy process holds the connection each of `paths` reached the external server on. */
  const callersOf = (paths: readonly string[]) =>
    paths.map((path) => {
      const seen = external.request(path);
      return seen && connectionOwner(seen.remote, seen.local, { client: mesh.proxy(client).child.pid, gateway: mesh.proxy(gateway).child.pid });
    });

  /**
   * `REQUESTS` requests one after another, with who called the server on each and how much each
   * proxy's cluster counters moved (from /stats, so they hold even for a log line not yet printed).
   */
  async function batch(): Promise<{ paths: string[]; callers: Array<string | undefined>; clientRq: (cluster: string) => number; gatewayRq: (cluster: string) => number }> {
    const [clientBefore, gatewayBefore] = await Promise.all([sidecarStats(client.podIp), sidecarStats(gateway.podIp)]);
    const paths: string[] = [];
    for (let i = 0; i < REQUESTS; i++) paths.push(await call());
    // At once, while the proxy keeps the connection open for its next request (keep-alive).
    const calledBy = callersOf(paths);
    const [clientAfter, gatewayAfter] = await Promise.all([sidecarStats(client.podIp), sidecarStats(gateway.podIp)]);
    await logged(mesh.proxy(client), paths);
    const delta = (before: Map<string, number>, after: Map<string, number>) => (cluster: string) =>
      (after.get(`cluster.${cluster}.upstream_rq_total`) ?? 0) - (before.get(`cluster.${cluster}.upstream_rq_total`) ?? 0);
    return { paths, callers: calledBy, clientRq: delta(clientBefore, clientAfter), gatewayRq: delta(gatewayBefore, gatewayAfter) };
  }

  async function expectDirect(): Promise<void> {
    const { paths, callers, clientRq, gatewayRq } = await batch();
    expect(callers).toEqual(paths.map(() => 'client'));
    expect(clientRq(DIRECT_CLUSTER)).toBe(REQUESTS);
    expect(clientRq(GATEWAY_CLUSTER)).toBe(0);
    expect(gatewayRq(DIRECT_CLUSTER)).toBe(0);
    for (const path of paths) {
      expect(clientLog(path)).toMatchObject({ response_code: 200, upstream_cluster: DIRECT_CLUSTER, upstream_host: externalEndpoint() });
      // No edge proxy handled it: the client's sidecar called the server itself.
      expect(external.request(path)).toMatchObject({ host: EXTERNAL_HOST, externalAddress: undefined, forwardedFor: undefined });
      expect(gatewayLog().filter((e) => e.path === path)).toEqual([]);
    }
  }

  beforeAll(async () => {
    await external.start();
    const dir = await makeTempDir('tsmesh-egress-');
    mesh = new EgressMesh(harness, dir, topology);
    // Step 1 of the task: the ServiceEntry, so the client may call the external host directly.
    await mesh.start({ 'service-entry.yaml': taskYaml('service-entry.yaml', { EXTERNAL_IP: topology.externalIp, EXTERNAL_PORT: String(external.port) }) });
    await eventually('the client reaching the external host', async () => call(), 60_000);
  }, 180_000);

  afterAll(async () => {
    await harness.stopAll();
    await external.stop();
    await cleanup();
  });

  it('with the ServiceEntry alone, the client sidecar calls the external server directly', async () => {
    await expectDirect();
    expect(gatewayLog()).toEqual([]);
  });

  it('the Gateway and DestinationRule alone change nothing: the gateway serves port 8080 but no request reaches it', async () => {
    await mesh.apply('gateway.yaml', taskYaml('gateway.yaml'));
    // Both reached their proxies: the client has the subset's cluster, the gateway listens on the Gateway's port.
    await eventually('the client sidecar having the cnn subset cluster', async () => ((await fetch(`${mesh.adminUrl(client)}/clusters`).then((r) => r.text())).includes(`${GATEWAY_CLUSTER}::`) ? true : undefined));
    await eventually(`the gateway listening on ${gateway.podIp}:${GATEWAY_PORT}`, () => canConnect(gateway.podIp, GATEWAY_PORT));
    await convergeTo('direct');
    await expectDirect();
    expect(gatewayLog()).toEqual([]);
  });

  it('with the VirtualService, every request leaves the mesh through the egress gateway', async () => {
    await mesh.apply('virtual-service.yaml', taskYaml('virtual-service.yaml'));
    await convergeTo('gateway');
    const { paths, callers, clientRq, gatewayRq } = await batch();
    // The server's peer on each request was the gateway's process, not the client's sidecar.
    expect(callers).toEqual(paths.map(() => 'gateway'));
    expect(clientRq(GATEWAY_CLUSTER)).toBe(REQUESTS);
    expect(clientRq(DIRECT_CLUSTER)).toBe(0);
    expect(gatewayRq(DIRECT_CLUSTER)).toBe(REQUESTS);
    await logged(mesh.proxy(gateway), paths);
    for (const path of paths) {
      // The client's sidecar sent it to the gateway's pod (subset cnn of the gateway's Service)...
      expect(clientLog(path)).toMatchObject({ response_code: 200, upstream_cluster: GATEWAY_CLUSTER, upstream_host: `${gateway.podIp}:${GATEWAY_PORT}` });
      // ...over HTTP/2, the gateway Service's port being named http2 (the task's log line shows "GET /politics HTTP/2"),
      // and the gateway, on its Gateway listener, sent it on to the external host's cluster...
      const atGateway = gatewayLog().filter((e) => e.path === path);
      expect(atGateway).toEqual([expect.objectContaining({ protocol: 'HTTP/2', response_code: 200, authority: EXTERNAL_HOST, upstream_cluster: DIRECT_CLUSTER, upstream_host: externalEndpoint() })]);
      // ...and the server got it from the gateway: only an edge proxy sets x-envoy-external-address.
      expect(external.request(path)).toMatchObject({ host: EXTERNAL_HOST, externalAddress: expect.any(String) as unknown });
    }
  });

  it('deleting the VirtualService sends the client straight to the external server again', async () => {
    await mesh.delete('virtual-service.yaml');
    await convergeTo('direct');
    await expectDirect();
  });
});

/** Waits until `proxy` has printed the access-log line of every one of `paths` (lines are written in batches). */
async function logged(proxy: HarnessProcess, paths: readonly string[]): Promise<void> {
  await eventually(`${proxy.name} logging ${paths.join(' ')}`, async () => {
    const seen = new Set(proxyAccessLog(proxy).map((e) => e.path));
    return paths.every((p) => seen.has(p)) ? true : undefined;
  }, 5_000);
}

function canConnect(host: string, port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(undefined));
  });
}
