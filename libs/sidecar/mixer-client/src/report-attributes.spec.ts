import { Attr, AttributeBag, attributeBagToJson, STANDARD_ATTRIBUTE_VOCABULARY, wireKindOf } from '@tsmesh/shared-attributes';
import { httpReportAttributes, type HttpExchange } from './http-report-attributes';
import { tcpReportAttributes } from './tcp-report-attributes';

// source.port is in Istio's global dictionary and sent by Envoy, but no 1.2 manifest declares it.
const UNDECLARED_BUT_SENT = new Set(['source.port']);

function expectVocabularyTypes(bag: AttributeBag): void {
  for (const [name, value] of bag) {
    if (UNDECLARED_BUT_SENT.has(name)) continue;
    const declared = STANDARD_ATTRIBUTE_VOCABULARY.typeOf(name);
    expect({ name, kind: declared && wireKindOf(declared) }).toEqual({ name, kind: value.kind });
  }
}

const exchange: HttpExchange = {
  reporterKind: 'outbound',
  reporterUid: 'kubernetes://productpage-v1-xyz.default',
  protocol: 'grpc',
  source: { ip: '10.1.0.5', port: 43210, uid: 'kubernetes://productpage-v1-xyz.default', labels: { app: 'productpage' }, workloadName: 'productpage-v1' },
  destination: { ip: '10.1.0.9', port: 9080, principal: 'cluster.local/ns/default/sa/reviews' },
  destinationService: { host: 'reviews.default.svc.cluster.local' },
  requestedServerName: 'outbound_.9080_._.reviews.default.svc.cluster.local',
  request: {
    method: 'POST', path: '/reviews.Reviews/Get', host: 'reviews:9080', scheme: 'http',
    headers: { 'x-request-id': 'r1', referer: 'http://productpage/' }, size: 5, totalSize: 200, time: new Date(1_000),
  },
  response: { code: 200, headers: {}, size: 7, totalSize: 100, time: new Date(1_250), grpcStatus: '0', grpcMessage: '' },
};

describe('report attribute builders', () => {
  it('names and types HTTP attributes as the istioproxy and kubernetes manifests declare them', () => {
    const bag = httpReportAttributes(exchange);
    expectVocabularyTypes(bag);
    expect(attributeBagToJson(bag)).toMatchObject({
      'context.protocol': 'grpc',
      'context.reporter.kind': 'outbound',
      'source.ip': '10.1.0.5',
      'source.labels': { app: 'productpage' },
      'source.workload.name': 'productpage-v1',
      'destination.port': 9080,
      'request.id': 'r1',
      'request.referer': 'http://productpage/',
      'request.url_path': '/reviews.Reviews/Get',
      'response.duration': '0.25s',
      'response.grpc_status': '0',
    });
    expect(bag.has('request.query_params')).toBe(false);
    expect(bag.has('destination.uid')).toBe(false);
  });

  it('reports TCP connection events with byte counts', () => {
    const bag = tcpReportAttributes({
      reporterKind: 'inbound',
      reporterUid: 'kubernetes://mongodb-v1.default',
      event: 'close',
      connectionId: 'c-42',
      source: { ip: '10.1.0.7', principal: 'cluster.local/ns/default/sa/ratings' },
      destination: { ip: '10.1.0.8', port: 27017 },
      mtls: true,
      receivedBytes: 10,
      sentBytes: 20,
      receivedBytesTotal: 110,
      sentBytesTotal: 220,
      durationMs: 1500,
      time: new Date(5_000),
    });
    expectVocabularyTypes(bag);
    expect(bag.get('connection.event')).toEqual(Attr.string('close'));
    expect(bag.get('connection.sent.bytes_total')).toEqual(Attr.int64(220));
    expect(bag.get('connection.duration')).toEqual(Attr.durationNanos(1_500_000_000n));
  });
});
