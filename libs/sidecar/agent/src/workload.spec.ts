import { httpReportAttributes } from '@tsmesh/sidecar-mixer-client';
import { inboundExchange } from './inbound-exchange';
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

describe('inboundExchange', () => {
  it('describes an inbound request with Istio attribute names', () => {
    const startTime = new Date('2026-01-01T00:00:00Z');
    const exchange = inboundExchange(
      {
        requestId: 'r1', method: 'GET', path: '/details/0?x=1', host: 'details:9080', scheme: 'http', protocol: 'HTTP/1.1', sourceAddress: '127.0.0.11', sourcePort: 5000,
        destinationAddress: '127.0.0.12', destinationPort: 9080, startTime, durationMs: 12, status: 200, requestBytes: 0, responseBytes: 42,
        requestHeaders: { 'user-agent': 'curl' }, responseHeaders: { 'content-type': 'application/json' }, responseFlags: '-',
      },
      workload,
      'details.default.svc.cluster.local',
    );
    const bag = httpReportAttributes(exchange);
    expect(bag.get('context.reporter.kind')).toEqual({ kind: 'string', value: 'inbound' });
    expect(bag.get('destination.service.host')).toEqual({ kind: 'string', value: 'details.default.svc.cluster.local' });
    expect(bag.get('destination.uid')).toEqual({ kind: 'string', value: 'kubernetes://details-v1.default' });
    expect(bag.get('response.code')).toEqual({ kind: 'int64', value: 200n });
    expect(bag.get('request.path')).toEqual({ kind: 'string', value: '/details/0?x=1' });
  });
});
