import { httpReportAttributes } from '@tsmesh/sidecar-mixer-client';
import { dataPlaneExchange, serviceHostOfCluster } from './dataplane-exchange';
import { nodeId, serviceCluster, spiffeId, type WorkloadInfo, workloadUid } from './workload';

const workload: WorkloadInfo = { podName: 'details-v1', namespace: 'default', podIp: '127.0.0.12', serviceAccount: 'bookinfo-details', labels: { app: 'details', version: 'v1' }, trustDomain: 'cluster.local', domainSuffix: 'cluster.local' };

describe('workload identity strings', () => {
  it('follow Istio 1.2 formats', () => {
    expect(nodeId(workload)).toBe('sidecar~127.0.0.12~details-v1.default~default.svc.cluster.local');
    expect(serviceCluster(workload)).toBe('details.default');
    expect(workloadUid(workload)).toBe('kubernetes://details-v1.default');
    expect(spiffeId(workload)).toBe('spiffe://cluster.local/ns/default/sa/bookinfo-details');
  });
});

describe('dataPlaneExchange', () => {
  const record = (direction: 'inbound' | 'outbound', upstreamCluster: string, upstreamHost: string) => ({
    direction, listener: 'l', startTime: new Date('2026-01-01T00:00:00Z'), durationMs: 12, method: 'GET', path: '/details/0?x=1', authority: 'details:9080', scheme: 'http', protocol: 'HTTP/1.1',
    status: 200, flags: '-', attempts: 1, requestBytes: 0, responseBytes: 42, sourceAddress: '127.0.0.11', sourcePort: 5000, destinationAddress: '127.0.0.12', destinationPort: 9080,
    requestHeaders: { 'user-agent': 'curl' }, responseHeaders: { 'content-type': 'application/json' }, upstreamCluster, upstreamHost,
  });

  it('describes a server-side (inbound) request with Istio attribute names, this workload as destination', () => {
    const bag = httpReportAttributes(dataPlaneExchange(record('inbound', 'inbound|9080|http|details.default.svc.cluster.local', '127.1.0.12:9080'), workload));
    expect(bag.get('context.reporter.kind')).toEqual({ kind: 'string', value: 'inbound' });
    expect(bag.get('destination.service.host')).toEqual({ kind: 'string', value: 'details.default.svc.cluster.local' });
    expect(bag.get('destination.uid')).toEqual({ kind: 'string', value: 'kubernetes://details-v1.default' });
    expect(bag.get('response.code')).toEqual({ kind: 'int64', value: 200n });
    expect(bag.get('request.path')).toEqual({ kind: 'string', value: '/details/0?x=1' });
  });

  it('describes a client-side (outbound) request: this workload as source, the chosen upstream as destination', () => {
    const bag = httpReportAttributes(dataPlaneExchange(record('outbound', 'outbound|9080|v1|reviews.default.svc.cluster.local', '127.0.0.13:9080'), workload));
    expect(bag.get('context.reporter.kind')).toEqual({ kind: 'string', value: 'outbound' });
    expect(bag.get('source.uid')).toEqual({ kind: 'string', value: 'kubernetes://details-v1.default' });
    expect(bag.get('destination.service.host')).toEqual({ kind: 'string', value: 'reviews.default.svc.cluster.local' });
    expect(bag.get('destination.port')).toEqual({ kind: 'int64', value: 9080n });
  });

  it('names the service of Istio cluster names only', () => {
    expect(serviceHostOfCluster('outbound|9080||ratings.default.svc.cluster.local')).toBe('ratings.default.svc.cluster.local');
    expect(serviceHostOfCluster('PassthroughCluster')).toBeUndefined();
  });
});
