import { IssueSink, keyPath } from '../issues';
import { bool, entries, field, has, list, num, obj, str, strings, type Json } from '../schema/access';
import { checkFqdn } from '../common/dns';
import { checkDurationAtLeastMs, hasSubSecondPart } from '../common/duration';
import { checkGatewayRef, checkHeaderName, checkLabels, checkPort, checkRegex } from '../common/values';
import { checkDestination, checkHeaderManipulation, checkWeightedDestinations } from './destinations';
import { checkFault } from './fault-injection';

const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE'];
const RETRY_ON = [
  '5xx', 'gateway-error', 'connect-failure', 'retriable-4xx', 'refused-stream', 'retriable-status-codes',
  'cancelled', 'deadline-exceeded', 'internal', 'resource-exhausted', 'unavailable',
];
// Go's http.StatusText knows these codes; Istio accepts any of them as a retryOn entry.
const KNOWN_STATUS = new Set([
  100, 101, 102, 103, 200, 201, 202, 203, 204, 205, 206, 207, 208, 226, 300, 301, 302, 303, 304, 305, 307, 308,
  400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418, 421, 422, 423,
  424, 425, 426, 428, 429, 431, 451, 500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]);

export function checkGatewayRefs(parent: Json, path: string, sink: IssueSink): void {
  strings(parent, 'gateways').forEach((g, i) => {
    for (const message of checkGatewayRef(g)) sink.error(`${path}.gateways[${i}]`, message);
  });
}

export function checkDuration(parent: Json, camel: string, path: string, sink: IssueSink): void {
  sink.check(`${path}.${camel}`, checkDurationAtLeastMs(field(parent, camel)));
}

/** Istio's validateHTTPRoute, one HTTP route at `path`. */
export function checkHttpRoute(route: Json, path: string, sink: IssueSink): void {
  const hasRoute = list(route, 'route').length > 0;
  if (has(route, 'redirect')) {
    if (hasRoute) sink.error(`${path}.redirect`, 'HTTP route cannot contain both route and redirect');
    if (has(route, 'fault')) sink.error(`${path}.redirect`, 'HTTP route cannot contain both fault and redirect');
    if (has(route, 'rewrite')) sink.error(`${path}.redirect`, 'HTTP route cannot contain both rewrite and redirect');
    if (bool(route, 'websocketUpgrade')) sink.error(`${path}.websocketUpgrade`, 'websocket upgrade is not allowed on redirect rules');
  } else if (!hasRoute) {
    sink.error(`${path}.route`, 'HTTP route or redirect is required');
  }
  checkHeaderManipulation(route, path, sink);
  checkCors(obj(route, 'corsPolicy'), `${path}.corsPolicy`, sink);
  checkFault(obj(route, 'fault'), `${path}.fault`, sink);
  list(route, 'match').forEach((match, i) => checkHttpMatch(match, `${path}.match[${i}]`, sink));
  checkDestination(obj(route, 'mirror'), `${path}.mirror`, sink);
  for (const rewriteLike of ['redirect', 'rewrite']) {
    const value = obj(route, rewriteLike);
    if (value !== undefined && str(value, 'uri') === '' && str(value, 'authority') === '') {
      sink.error(`${path}.${rewriteLike}`, `${rewriteLike} must specify uri, authority, or both`);
    }
  }
  checkRetries(obj(route, 'retries'), `${path}.retries`, sink);
  checkWeightedDestinations(route, path, sink, true);
  checkDuration(route, 'timeout', path, sink);
}

function checkHttpMatch(match: Json, path: string, sink: IssueSink): void {
  for (const [name, value] of entries(match, 'headers')) {
    sink.check(keyPath(`${path}.headers`, name), checkHeaderName(name));
    checkStringMatchRegex(value, keyPath(`${path}.headers`, name), sink);
  }
  for (const [name, value] of entries(match, 'queryParams')) checkStringMatchRegex(value, keyPath(`${path}.queryParams`, name), sink);
  for (const part of ['uri', 'scheme', 'method', 'authority']) checkStringMatchRegex(obj(match, part), `${path}.${part}`, sink);
  if (num(match, 'port') !== 0) sink.check(`${path}.port`, checkPort(num(match, 'port')));
  checkLabels(match, 'sourceLabels', `${path}.sourceLabels`, sink);
  checkGatewayRefs(match, path, sink);
}

/** Envoy rejects regexes that do not compile, so report them at validation time (approximated with JS RegExp). */
function checkStringMatchRegex(value: Json, path: string, sink: IssueSink): void {
  const fields = ['exact', 'prefix', 'regex'].filter((f) => has(value, f));
  if (fields.length > 1) sink.error(path, `only one of exact, prefix or regex may be set, found ${fields.join(', ')}`);
  if (has(value, 'regex')) sink.check(`${path}.regex`, checkRegex(str(value, 'regex')));
}

function checkRetries(retries: Json, path: string, sink: IssueSink): void {
  if (retries === undefined) return;
  const attempts = num(retries, 'attempts');
  if (attempts < 0) sink.error(`${path}.attempts`, 'attempts cannot be negative');
  if (attempts === 0 && (has(retries, 'perTryTimeout') || str(retries, 'retryOn') !== '')) {
    sink.error(`${path}.attempts`, 'retry policy is configured but attempts is 0 (retries disabled)');
  }
  checkDuration(retries, 'perTryTimeout', path, sink);
  const retryOn = str(retries, 'retryOn');
  if (retryOn === '') return;
  for (const policy of retryOn.split(',')) {
    const known = RETRY_ON.includes(policy) || (/^\d+$/.test(policy) && KNOWN_STATUS.has(Number(policy)));
    if (!known) sink.error(`${path}.retryOn`, `"${policy}" is not a valid retryOn policy`);
  }
}

function checkCors(cors: Json, path: string, sink: IssueSink): void {
  if (cors === undefined) return;
  strings(cors, 'allowOrigin').forEach((origin, i) => {
    if (origin === '*') return;
    const at = `${path}.allowOrigin[${i}]`;
    const parts = origin.replace(/^https:\/\//, '').replace(/^http:\/\//, '').split(':');
    if (parts.length > 2) return sink.error(at, "CORS allowOrigin must be '*' or of [http[s]://]host[:port] format");
    if (parts.length === 2) {
      const portText = parts[1] ?? '';
      sink.check(at, /^\d+$/.test(portText) ? checkPort(Number(portText)) : `port in CORS allowOrigin is not a number: ${portText}`);
    }
    sink.check(at, checkFqdn(parts[0] ?? ''));
  });
  strings(cors, 'allowMethods').forEach((m, i) => {
    if (!HTTP_METHODS.includes(m)) sink.error(`${path}.allowMethods[${i}]`, `"${m}" is not a supported HTTP method`);
  });
  for (const headerList of ['allowHeaders', 'exposeHeaders']) {
    strings(cors, headerList).forEach((h, i) => sink.check(`${path}.${headerList}[${i}]`, checkHeaderName(h)));
  }
  checkDuration(cors, 'maxAge', path, sink);
  const maxAge = field(cors, 'maxAge');
  if (typeof maxAge === 'string' && hasSubSecondPart(maxAge)) sink.error(`${path}.maxAge`, 'maxAge is accurate only to seconds precision');
}
