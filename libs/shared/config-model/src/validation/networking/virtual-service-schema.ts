import { t, type Fields } from '../schema/shape';
import { destination, stringMatch } from './shared-schema';

/** VirtualService as defined by istio/api 1.2.10 networking/v1alpha3/virtual_service.proto. */
const headerOperations = t.message(() => ({ set: t.stringMap, add: t.stringMap, remove: t.strings }));
const headers = t.message(() => ({ request: headerOperations, response: headerOperations }));
const percent = t.message(() => ({ value: t.double }));

const httpMatchRequest = t.message(() => ({
  uri: stringMatch,
  scheme: stringMatch,
  method: stringMatch,
  authority: stringMatch,
  headers: t.map(stringMatch),
  port: t.uint,
  sourceLabels: t.stringMap,
  gateways: t.strings,
  queryParams: t.map(stringMatch),
  ignoreUriCase: t.bool,
}));

const httpRouteDestination = t.message(() => ({
  destination,
  weight: t.int,
  removeResponseHeaders: t.strings,
  appendResponseHeaders: t.stringMap,
  removeRequestHeaders: t.strings,
  appendRequestHeaders: t.stringMap,
  headers,
}));

const faultInjection = t.message(() => ({
  delay: t.message(() => ({ percent: t.int, fixedDelay: t.duration, exponentialDelay: t.duration, percentage: percent })),
  abort: t.message(() => ({
    percent: t.int,
    httpStatus: t.int,
    grpcStatus: t.string,
    http2Error: t.string,
    percentage: percent,
  })),
}));

const corsPolicy = t.message(() => ({
  allowOrigin: t.strings,
  allowMethods: t.strings,
  allowHeaders: t.strings,
  exposeHeaders: t.strings,
  maxAge: t.duration,
  allowCredentials: t.bool,
}));

const httpRoute = t.message(() => ({
  match: t.list(httpMatchRequest),
  route: t.list(httpRouteDestination),
  redirect: t.message(() => ({ uri: t.string, authority: t.string })),
  rewrite: t.message(() => ({ uri: t.string, authority: t.string })),
  websocketUpgrade: t.bool,
  timeout: t.duration,
  retries: t.message(() => ({ attempts: t.int, perTryTimeout: t.duration, retryOn: t.string })),
  fault: faultInjection,
  mirror: destination,
  corsPolicy,
  appendHeaders: t.stringMap,
  removeResponseHeaders: t.strings,
  appendResponseHeaders: t.stringMap,
  removeRequestHeaders: t.strings,
  appendRequestHeaders: t.stringMap,
  headers,
}));

const routeDestination = t.message(() => ({ destination, weight: t.int }));
const l4Match = {
  destinationSubnets: t.strings,
  port: t.uint,
  sourceSubnet: t.string,
  sourceLabels: t.stringMap,
  gateways: t.strings,
};

export const virtualServiceFields: Fields = {
  hosts: t.strings,
  gateways: t.strings,
  http: t.list(httpRoute),
  tls: t.list(
    t.message(() => ({
      match: t.list(t.message(() => ({ sniHosts: t.strings, ...l4Match }))),
      route: t.list(routeDestination),
    })),
  ),
  tcp: t.list(t.message(() => ({ match: t.list(t.message(() => l4Match)), route: t.list(routeDestination) }))),
  exportTo: t.strings,
};
