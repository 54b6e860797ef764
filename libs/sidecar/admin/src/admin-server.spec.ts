import { XdsTypeUrl } from '@tsmesh/contracts';
import { Cluster, Cluster_DiscoveryType } from '@tsmesh/contracts/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { CLUSTER_TYPE, ENDPOINT_TYPE, snapshotOf, type XdsSnapshot } from '@tsmesh/sidecar-xds-client';
import pino from 'pino';
import type { AdminSource, ServerState } from './admin-source';
import { type HttpServerHandle, startAdminServer, startStatsServer } from './admin-server';

const DETAILS = 'outbound|9080||details.default.svc.cluster.local';

function snapshot(): XdsSnapshot {
  const cluster = CLUSTER_TYPE.decode({ typeUrl: XdsTypeUrl.Cluster, value: Buffer.from(Cluster.encode(Cluster.fromPartial({ name: DETAILS, clusterDiscoveryType: { $case: 'type', value: Cluster_DiscoveryType.EDS }, edsClusterConfig: { serviceName: DETAILS, edsConfig: { configSourceSpecifier: { $case: 'ads', value: {} } } } })).finish()) });
  const cla = ENDPOINT_TYPE.decode({ typeUrl: XdsTypeUrl.ClusterLoadAssignment, value: Buffer.from(ClusterLoadAssignment.encode(ClusterLoadAssignment.fromPartial({ clusterName: DETAILS, endpoints: [{ lbEndpoints: [{ hostIdentifier: { $case: 'endpoint', value: { address: { address: { $case: 'socketAddress', value: { address: '127.0.0.12', portSpecifier: { $case: 'portValue', value: 9080 } } } } } } }] }] })).finish()) });
  const at = new Date('2026-01-01T00:00:00Z');
  return snapshotOf({
    cds: { version: 'c1', items: new Map([[cluster.name, { value: cluster.value, meta: { version: 'c1', lastUpdated: at, json: cluster.json } }]]) },
    eds: { version: 'e1', items: new Map([[cla.name, { value: cla.value, meta: { version: 'e1', lastUpdated: at, json: cla.json } }]]) },
  });
}

/** A small real AdminSource: state, drain and quit are recorded so the test can see them happen. */
class RecordingSource implements AdminSource {
  state_: ServerState = 'PRE_INITIALIZING';
  drained = 0;
  quits = 0;
  readonly node = { id: 'sidecar~127.0.0.11~productpage-v1.default~default.svc.cluster.local', cluster: 'productpage.default', metadata: { ISTIO_VERSION: '1.2.10' } };
  readonly version = '0.1.0';
  readonly startedAt = new Date();
  snapshot = snapshot;
  clusters() {
    return [{ name: DETAILS, hosts: [{ address: '127.0.0.12', port: 9080, healthy: true, weight: 1, stats: { cx_active: 0, rq_total: 3 } }] }];
  }
  stats() {
    return { [`cluster.${DETAILS}.upstream_rq_total`]: 3, 'cluster_manager.active_clusters': 1, 'listener.0.0.0.0_9080.downstream_cx_active': 2 };
  }
  state(): ServerState {
    return this.state_;
  }
  async drainListeners() {
    this.drained++;
  }
  quit() {
    this.quits++;
  }
}

describe('sidecar admin API', () => {
  let source: RecordingSource;
  let admin: HttpServerHandle;
  let statsPort: HttpServerHandle;
  const log = pino({ level: 'info' }, { write: () => undefined });
  const url = (path: string) => `http://127.0.0.1:${admin.port}${path}`;

  beforeEach(async () => {
    source = new RecordingSource();
    admin = await startAdminServer({ host: '127.0.0.1', port: 0, source, log });
    statsPort = await startStatsServer({ host: '127.0.0.1', port: 0, source });
  });
  afterEach(async () => {
    await admin.close();
    await statsPort.close();
  });

  it('/config_dump has Envoy\'s admin v3 shape with version_info and last_updated per resource', async () => {
    const dump = (await (await fetch(url('/config_dump'))).json()) as { configs: Array<Record<string, unknown>> };
    expect(dump.configs.map((c) => c['@type'])).toEqual([
      'type.googleapis.com/envoy.admin.v3.ClustersConfigDump',
      'type.googleapis.com/envoy.admin.v3.ListenersConfigDump',
      'type.googleapis.com/envoy.admin.v3.RoutesConfigDump',
      'type.googleapis.com/envoy.admin.v3.EndpointsConfigDump',
    ]);
    expect(dump.configs[0]).toMatchObject({ version_info: 'c1', dynamic_active_clusters: [{ version_info: 'c1', last_updated: '2026-01-01T00:00:00.000Z', cluster: { '@type': XdsTypeUrl.Cluster, name: DETAILS } }] });
    expect(dump.configs[3]).toMatchObject({ dynamic_endpoint_configs: [{ version_info: 'e1', endpoint_config: { '@type': XdsTypeUrl.ClusterLoadAssignment, clusterName: DETAILS } }] });
  });

  it('/clusters in Envoy\'s text format and as JSON', async () => {
    const body = await (await fetch(url('/clusters'))).text();
    expect(body).toContain(`${DETAILS}::127.0.0.12:9080::health_flags::healthy\n`);
    expect(body).toContain(`${DETAILS}::127.0.0.12:9080::rq_total::3\n`);
    expect(body).toContain(`${DETAILS}::127.0.0.12:9080::weight::1\n`);
    const json = (await (await fetch(url('/clusters?format=json'))).json()) as { cluster_statuses: unknown[] };
    expect(json.cluster_statuses[0]).toMatchObject({ name: DETAILS, host_statuses: [{ address: { socket_address: { address: '127.0.0.12', port_value: 9080 } }, health_status: { eds_health_status: 'HEALTHY' } }] });
  });

  it('/stats as name: value, and Prometheus with Envoy names on the admin and :15090 ports', async () => {
    expect(await (await fetch(url('/stats'))).text()).toBe(`cluster.${DETAILS}.upstream_rq_total: 3\ncluster_manager.active_clusters: 1\nlistener.0.0.0.0_9080.downstream_cx_active: 2\n`);
    const prom = await (await fetch(url('/stats/prometheus'))).text();
    expect(prom).toContain(`envoy_cluster_upstream_rq_total{envoy_cluster_name="${DETAILS}"} 3\n`);
    expect(prom).toContain('# TYPE envoy_listener_downstream_cx_active gauge\nenvoy_listener_downstream_cx_active{envoy_listener_address="0.0.0.0_9080"} 2\n');
    expect(await (await fetch(`http://127.0.0.1:${statsPort.port}/stats/prometheus`)).text()).toBe(prom);
  });

  it('/ready follows the server state', async () => {
    let res = await fetch(url('/ready'));
    expect([res.status, await res.text()]).toEqual([503, 'PRE_INITIALIZING\n']);
    source.state_ = 'LIVE';
    res = await fetch(url('/ready'));
    expect([res.status, await res.text()]).toEqual([200, 'LIVE\n']);
  });

  it('/drain_listeners and /quitquitquit act on POST only', async () => {
    expect((await fetch(url('/drain_listeners'))).status).toBe(405);
    expect(source.drained).toBe(0);
    expect((await fetch(url('/drain_listeners'), { method: 'POST' })).status).toBe(200);
    expect(source.drained).toBe(1);
    expect((await fetch(url('/quitquitquit'))).status).toBe(405);
    const quit = await fetch(url('/quitquitquit'), { method: 'POST' });
    expect([quit.status, await quit.text()]).toEqual([200, 'OK\n']);
    expect(source.quits).toBe(1);
  });

  it('/logging shows and changes the level live', async () => {
    expect(await (await fetch(url('/logging'))).text()).toContain('sidecar: info');
    const res = await fetch(url('/logging?level=debug'), { method: 'POST' });
    expect(res.status).toBe(200);
    expect(log.level).toBe('debug');
    expect((await fetch(url('/logging?level=loud'), { method: 'POST' })).status).toBe(404);
    expect(log.level).toBe('debug');
  });

  it('/memory reports the heap and resident set under Envoy\'s keys', async () => {
    const memory = (await (await fetch(url('/memory'))).json()) as Record<string, string> & { node: Record<string, number> };
    expect(Number(memory['allocated'])).toBeGreaterThan(0);
    expect(Number(memory['heap_size'])).toBeGreaterThanOrEqual(Number(memory['allocated']));
    expect(Number(memory['total_physical_bytes'])).toBeGreaterThan(Number(memory['heap_size']));
  });

  it('/server_info names the node; unknown paths 404', async () => {
    expect(await (await fetch(url('/server_info'))).json()).toMatchObject({ state: 'PRE_INITIALIZING', node: { id: source.node.id, metadata: { ISTIO_VERSION: '1.2.10' } } });
    expect((await fetch(url('/nope'))).status).toBe(404);
  });
});
