import { DIRECT_SERVICE, NAMESPACE } from '../sidecar/mesh';

/** Its endpoint answers 503 to the first attempt of every request (by x-request-id) and 200 to the retry. */
export const FLAKY_SERVICE = 'upstream-flaky';

/**
 * What a configuration measures: `untriggered` is a filter or policy present on the route that the
 * load never sets off (its overhead should be close to zero), `cost` is work done on every request
 * by design (mirror, header operations), `triggered` is a retry or fault that fires on every request.
 */
export type ConfigKind = 'reference' | 'untriggered' | 'cost' | 'triggered';

/** One request the bench sends before measuring, to see the configuration in effect on the data path. */
export interface Probe {
  readonly headers?: Readonly<Record<string, string>>;
  readonly status: number;
  /** A response header that must be present. */
  readonly responseHeader?: string;
}

export interface FilterConfig {
  readonly name: string;
  readonly kind: ConfigKind;
  readonly description: string;
  /** The service wrk calls (its Host header). */
  readonly service: string;
  /** The VirtualService's `http` list, as YAML lines indented under `http:`. */
  readonly http: string;
  readonly probes: readonly Probe[];
}

const host = (service: string) => `${service}.${NAMESPACE}.svc.cluster.local`;
const route = (service: string) => `  route:\n  - destination: {host: ${host(service)}}\n`;

/** Every configuration, the baseline first; the order is the order of each round. */
export const FILTER_CONFIGS: readonly FilterConfig[] = [
  {
    name: 'baseline', kind: 'reference', service: DIRECT_SERVICE, probes: [{ status: 200 }],
    description: 'plain route, no retries block: Istio 1.2 default retry policy (2 retries on connect-failure,refused-stream,unavailable,cancelled,resource-exhausted,503) present, not triggered',
    http: `- ${route(DIRECT_SERVICE).slice(2)}`,
  },
  {
    name: 'retries_attempts_0', kind: 'untriggered', service: DIRECT_SERVICE, probes: [{ status: 200 }],
    description: 'retries: {attempts: 0}: no retry policy on the route at all (a negative overhead is what the default policy costs when not triggered)',
    http: `- retries: {attempts: 0}\n${route(DIRECT_SERVICE)}`,
  },
  {
    name: 'fault_abort_0pct', kind: 'untriggered', service: DIRECT_SERVICE, probes: [{ status: 200 }],
    description: 'fault.abort {httpStatus: 503, percentage: 0} on the route: the fault filter finds a per-route config and rolls the dice, never aborts',
    http: `- fault: {abort: {httpStatus: 503, percentage: {value: 0}}}\n${route(DIRECT_SERVICE)}`,
  },
  {
    name: 'fault_on_unmatched_route', kind: 'untriggered', service: DIRECT_SERVICE,
    probes: [{ status: 200 }, { status: 503, headers: { 'x-bench-fault': '1' } }],
    description: 'a first route matching header x-bench-fault: 1 (not sent by the load) with abort 100%, then the plain route: costs one header match per request',
    http: `- match: [{headers: {x-bench-fault: {exact: "1"}}}]\n  fault: {abort: {httpStatus: 503, percentage: {value: 100}}}\n${route(DIRECT_SERVICE)}- ${route(DIRECT_SERVICE).slice(2)}`,
  },
  {
    name: 'cors_no_origin', kind: 'untriggered', service: DIRECT_SERVICE,
    probes: [{ status: 200 }, { status: 200, headers: { origin: 'http://bench.example' }, responseHeader: 'access-control-allow-origin' }],
    description: 'corsPolicy {allowOrigin: [http://bench.example], allowMethods, allowHeaders, maxAge}; the load sends no Origin',
    http: `- corsPolicy: {allowOrigin: ["http://bench.example"], allowMethods: [GET, POST], allowHeaders: [x-bench], maxAge: 60s}\n${route(DIRECT_SERVICE)}`,
  },
  {
    name: 'header_operations', kind: 'cost', service: DIRECT_SERVICE, probes: [{ status: 200, responseHeader: 'x-bench-response' }],
    description: 'headers: request set x-bench-set and remove x-bench-remove, response add x-bench-response: applied to every request',
    http: `- headers:\n    request: {set: {x-bench-set: "1"}, remove: [x-bench-remove]}\n    response: {add: {x-bench-response: "1"}}\n${route(DIRECT_SERVICE)}`,
  },
  {
    name: 'mirror', kind: 'cost', service: DIRECT_SERVICE, probes: [{ status: 200 }],
    description: 'mirror: {host: upstream-direct}: every request is also sent (fire and forget, Host with -shadow) to the same upstream',
    http: `- mirror: {host: ${host(DIRECT_SERVICE)}}\n${route(DIRECT_SERVICE)}`,
  },
  {
    name: 'retry_triggered', kind: 'triggered', service: FLAKY_SERVICE, probes: [{ status: 200 }],
    description: 'retries {attempts: 2, retryOn: 5xx} to an upstream that answers 503 to the first attempt of each request: every request is retried once (with Envoy\'s 0-25 ms jittered back-off)',
    http: `- retries: {attempts: 2, retryOn: 5xx}\n${route(FLAKY_SERVICE)}`,
  },
  {
    name: 'fault_abort_100pct', kind: 'triggered', service: DIRECT_SERVICE, probes: [{ status: 503 }],
    description: 'fault.abort {httpStatus: 503, percentage: 100}: every request gets the local reply (wrk counts them as non-2xx: expected)',
    http: `- fault: {abort: {httpStatus: 503, percentage: {value: 100}}}\n${route(DIRECT_SERVICE)}`,
  },
  {
    name: 'fault_delay_1ms', kind: 'triggered', service: DIRECT_SERVICE, probes: [{ status: 200 }],
    description: 'fault.delay {fixedDelay: 1ms, percentage: 100}: 1 ms is the smallest delay Istio 1.2 validation accepts (at least 1ms)',
    http: `- fault: {delay: {fixedDelay: 1ms, percentage: {value: 100}}}\n${route(DIRECT_SERVICE)}`,
  },
];

/** The VirtualService name of a configuration: its routes are named `<namespace>/<name>#<i>` in the sidecar's RDS. */
export const vsName = (config: FilterConfig): string => `filters-${config.name.replace(/_/g, '-')}`;

/** The configuration's VirtualService as YAML, for galley's watched directory. */
export function virtualServiceYaml(config: FilterConfig): string {
  return `apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: ${vsName(config)}, namespace: ${NAMESPACE}}\nspec:\n  hosts: [${host(config.service)}]\n  http:\n${indent(config.http, 2)}`;
}

/** The flaky upstream's Service and Endpoints. */
export function flakyServiceYaml(ip: string, port: number): string {
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${FLAKY_SERVICE}, namespace: ${NAMESPACE}}\nspec:\n  ports: [{name: http, port: ${port}}]\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${FLAKY_SERVICE}, namespace: ${NAMESPACE}}\nsubsets:\n- addresses:\n  - {ip: ${ip}}\n  ports: [{name: http, port: ${port}}]\n`,
  ].join('---\n');
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((l) => (l === '' ? l : pad + l)).join('\n');
}
