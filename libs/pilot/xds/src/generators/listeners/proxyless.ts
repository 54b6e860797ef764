import { EnvoyTypeUrl } from '@tsmesh/contracts';
import { Listener } from '@tsmesh/contracts/envoy/config/listener/v3/listener';
import { HttpConnectionManager } from '@tsmesh/contracts/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager';
import { httpConnectionManager, routerFilter } from './hcm';

/**
 * Proxyless gRPC asks for listeners by target name (`reviews.default.svc.cluster.local:9080`):
 * an API listener of that name whose HCM fetches route config of the same name; grpc-js-xds
 * requires the router filter, last.
 */
export function proxylessListener(name: string): Listener {
  const hcm = httpConnectionManager({ statPrefix: name, route: name, useRemoteAddress: false, httpFilters: [routerFilter()] });
  return Listener.fromPartial({
    name,
    apiListener: { apiListener: { typeUrl: EnvoyTypeUrl.HttpConnectionManager, value: Buffer.from(HttpConnectionManager.encode(hcm).finish()) } },
  });
}
