import { SpiffeIdError } from './errors';
import { formatSpiffeId, parseSpiffeId, tryParseSpiffeId } from './spiffe';

describe('SPIFFE IDs', () => {
  it('parses the Istio layout', () => {
    const id = parseSpiffeId('spiffe://cluster.local/ns/default/sa/bookinfo-productpage');
    expect(id).toEqual({
      trustDomain: 'cluster.local',
      namespace: 'default',
      serviceAccount: 'bookinfo-productpage',
      uri: 'spiffe://cluster.local/ns/default/sa/bookinfo-productpage',
    });
  });

  it('formats and round-trips', () => {
    const id = formatSpiffeId({ trustDomain: 'example.org', namespace: 'istio-system', serviceAccount: 'istio-citadel-service-account' });
    expect(id.uri).toBe('spiffe://example.org/ns/istio-system/sa/istio-citadel-service-account');
    expect(parseSpiffeId(id.uri)).toEqual(id);
  });

  it.each([
    ['http://cluster.local/ns/a/sa/b', 'scheme'],
    ['spiffe://cluster.local', 'path'],
    ['spiffe:///ns/a/sa/b', 'trust domain'],
    ['spiffe://Cluster.Local/ns/a/sa/b', 'trust domain'],
    ['spiffe://cluster.local:8080/ns/a/sa/b', 'trust domain'],
    ['spiffe://cluster.local/ns/a/sa', 'path'],
    ['spiffe://cluster.local/ns/a/sa/b/extra', 'path'],
    ['spiffe://cluster.local/namespace/a/sa/b', 'path'],
    ['spiffe://cluster.local/ns/A/sa/b', 'namespace'],
    ['spiffe://cluster.local/ns/-a/sa/b', 'namespace'],
    ['spiffe://cluster.local/ns//sa/b', 'namespace'],
    ['spiffe://cluster.local/ns/a/sa/b_c', 'service account'],
    ['spiffe://cluster.local/ns/a/sa/b?x=1', 'uri'],
  ])('rejects %s (%s)', (uri, field) => {
    expect(() => parseSpiffeId(uri)).toThrow(SpiffeIdError);
    try {
      parseSpiffeId(uri);
    } catch (err) {
      expect((err as InstanceType<typeof SpiffeIdError>).field).toBe(field);
      expect((err as InstanceType<typeof SpiffeIdError>).code).toBe('TSM_SPIFFE_ID_INVALID');
    }
    expect(tryParseSpiffeId(uri)).toBeUndefined();
  });

  it('validates parts when formatting', () => {
    expect(() => formatSpiffeId({ trustDomain: 'cluster.local', namespace: 'Bad_NS', serviceAccount: 'x' })).toThrow(/namespace/);
  });
});
