import { decodeSpec, encodeSpec, specFromJson, TYPED_KINDS } from './typed-kinds';

describe('typed kinds', () => {
  it('turns a VirtualService spec into its message, with Go durations and snake_case names', () => {
    const vs = specFromJson('VirtualService', {
      hosts: ['reviews'],
      http: [{ route: [{ destination: { host: 'reviews', subset: 'v2' }, weight: 100 }], timeout: '1.5s', retries: { attempts: 3, per_try_timeout: '250ms' } }],
    });
    const route = vs.http[0];
    expect(route?.timeout).toEqual({ seconds: '1', nanos: 500_000_000 });
    expect(route?.retries?.perTryTimeout).toEqual({ seconds: '0', nanos: 250_000_000 });
    expect(route?.route[0]?.destination?.subset).toBe('v2');
  });

  it('round-trips a DestinationRule through the wire bytes MCP carries', () => {
    const dr = specFromJson('DestinationRule', {
      host: 'reviews',
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 1, connectTimeout: '30ms' }, http: { http1MaxPendingRequests: 1 } }, outlierDetection: { consecutiveErrors: 1, interval: '1s', baseEjectionTime: '3m' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    });
    const back = decodeSpec('DestinationRule', encodeSpec('DestinationRule', dr));
    expect(back).toEqual(dr);
    expect(back.trafficPolicy?.outlierDetection?.baseEjectionTime).toEqual({ seconds: '180', nanos: 0 });
    expect(back.subsets[0]?.labels).toEqual({ version: 'v1' });
  });

  it('reads enums by name and keeps free-form params as plain objects', () => {
    const se = specFromJson('ServiceEntry', { hosts: ['a.example.com'], location: 'MESH_EXTERNAL', resolution: 'DNS', ports: [{ number: 443, name: 'https', protocol: 'HTTPS' }] });
    expect(se.resolution).not.toBe(specFromJson('ServiceEntry', { hosts: ['x'] }).resolution);
    const handler = specFromJson('handler', { compiledAdapter: 'prometheus', params: { metrics: [{ name: 'requests_total' }] } });
    expect(handler.params).toEqual({ metrics: [{ name: 'requests_total' }] });
  });

  it('gives MeshPolicy the Policy message, as Istio 1.2 MCP does', () => {
    expect(TYPED_KINDS.MeshPolicy.typeUrl).toBe('type.googleapis.com/istio.authentication.v1alpha1.Policy');
  });
});
