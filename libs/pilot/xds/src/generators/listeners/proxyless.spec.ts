import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { proxyFromNode } from '../../proxy';
import { ldsGenerator } from '../lds';
import { rdsGenerator } from '../rds';
import { bookinfoFromYaml, pushFrom } from '../routes/bookinfo-yaml.fixture';

const client = proxyFromNode({ id: 'sidecar~10.1.0.6~client-0.default~default.svc.cluster.local', metadata: { GENERATOR: 'grpc' } } as never);

describe('proxyless gRPC', () => {
  it('answers named LDS with API listeners whose HCM asks RDS for the same name, router filter last', () => {
    const push = pushFrom(bookinfoFromYaml());
    const [out] = ldsGenerator.generate(client, push, ['reviews.default.svc.cluster.local:9080']);
    const listener = Listener.decode(out?.resource.value ?? Buffer.alloc(0));
    expect(listener.name).toBe('reviews.default.svc.cluster.local:9080');
    expect(listener.apiListener?.apiListener?.typeUrl).toBe(EnvoyTypeUrl.HttpConnectionManager);
    const hcm = HttpConnectionManager.decode(listener.apiListener?.apiListener?.value ?? Buffer.alloc(0));
    expect(hcm.routeSpecifier?.$case === 'rds' && hcm.routeSpecifier.value.routeConfigName).toBe('reviews.default.svc.cluster.local:9080');
    expect(hcm.httpFilters.map((f) => f.name)).toEqual(['envoy.filters.http.router']);
  });

  it('answers named RDS with one virtual host whose domains include the requested name', () => {
    const push = pushFrom(bookinfoFromYaml());
    const names = rdsGenerator.generate(client, push, ['reviews:9080', 'nope:1']).map((r) => r.name);
    expect(names).toEqual(['reviews:9080']);
  });
});
