import pino from 'pino';
import { SidecarAgent } from './sidecar-agent';
import { RecordingDataPlane } from './test-data-plane';
import { nodeMetadata, parseLocality, type WorkloadInfo } from './workload';

const workload: WorkloadInfo = { podName: 'details-v1', namespace: 'default', podIp: '127.0.0.12', serviceAccount: 'bookinfo-details', labels: { app: 'details', version: 'v1' }, trustDomain: 'cluster.local', domainSuffix: 'cluster.local' };

describe('bootstrap node metadata', () => {
  it('carries what pilot-agent 1.2 sends, with the Istio version pilot keys on', () => {
    expect(nodeMetadata(workload, { tsmeshVersion: '0.1.0', interceptionMode: 'REDIRECT' })).toEqual({
      ISTIO_VERSION: '1.2.10',
      TSMESH_VERSION: '0.1.0',
      CONFIG_NAMESPACE: 'default',
      NAMESPACE: 'default',
      POD_NAME: 'details-v1',
      INSTANCE_IPS: '127.0.0.12',
      SERVICE_ACCOUNT: 'bookinfo-details',
      LABELS: '{"app":"details","version":"v1"}',
      INTERCEPTION_MODE: 'REDIRECT',
    });
  });

  it('parses region/zone/subzone localities', () => {
    expect(parseLocality('us-central1/us-central1-a/rack1')).toEqual({ region: 'us-central1', zone: 'us-central1-a', subZone: 'rack1' });
    expect(parseLocality('eu-west1')).toEqual({ region: 'eu-west1', zone: '', subZone: '' });
    expect(parseLocality('')).toBeUndefined();
  });
});

describe('SidecarAgent with a data plane', () => {
  const agent = (dataPlane: RecordingDataPlane) =>
    new SidecarAgent({
      workload,
      bootstrap: { tsmeshVersion: '0.1.0', interceptionMode: 'REDIRECT' },
      pilotAddress: '127.0.0.1:1',
      mixerAddress: '127.0.0.1:1',
      identity: { citadelAddress: '127.0.0.1:1', rootCertFile: '/nonexistent', tokenFile: '/nonexistent', certsDir: '/nonexistent' },
      dataPlane,
      log: pino({ level: 'silent' }),
    });

  it('drains listeners first, then closes the data plane with the drain duration, and reports DRAINING', async () => {
    const dataPlane = new RecordingDataPlane();
    const a = agent(dataPlane);
    expect(a.state()).toBe('PRE_INITIALIZING');
    await a.drainAndStop(1234);
    expect(dataPlane.calls).toEqual(['drainListeners', 'close(1234)']);
    expect(a.state()).toBe('DRAINING');
  });

  it('merges the data plane\'s stats with the control-plane stats on the admin source', () => {
    const a = agent(new RecordingDataPlane());
    const stats = a.adminSource('0.1.0', () => undefined).stats();
    expect(stats).toMatchObject({ 'http.inbound_0.0.0.0_9080.downstream_rq_total': 7, 'cluster_manager.cds.update_success': 0, 'listener_manager.lds.update_rejected': 0 });
    expect(a.problems().join()).toMatch(/config from pilot at 127\.0\.0\.1:1 not complete/);
  });
});
