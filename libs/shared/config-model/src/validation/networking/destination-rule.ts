import type { KindValidator } from '../kind-validator';
import { IssueSink } from '../issues';
import { has, list, num, obj, str, strings, type Json, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { checkWildcardDomain } from '../common/dns';
import { checkExportTo, checkLabels, checkPercent } from '../common/values';
import { checkDuration } from './http-route';
import { checkSubsetName } from './destinations';
import { portSelector } from './shared-schema';

/** DestinationRule as defined by istio/api 1.2.10 destination_rule.proto. */
const loadBalancer = t.message(() => ({
  simple: t.enumOf(['ROUND_ROBIN', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH']),
  consistentHash: t.message(() => ({
    httpHeaderName: t.string,
    httpCookie: t.message(() => ({ name: t.string, path: t.string, ttl: t.duration })),
    useSourceIp: t.bool,
    minimumRingSize: t.uint,
  })),
}));
const connectionPool = t.message(() => ({
  tcp: t.message(() => ({
    maxConnections: t.int,
    connectTimeout: t.duration,
    tcpKeepalive: t.message(() => ({ probes: t.uint, time: t.duration, interval: t.duration })),
  })),
  http: t.message(() => ({
    http1MaxPendingRequests: t.int,
    http2MaxRequests: t.int,
    maxRequestsPerConnection: t.int,
    maxRetries: t.int,
    idleTimeout: t.duration,
  })),
}));
const outlierDetection = t.message(() => ({
  consecutiveErrors: t.int,
  interval: t.duration,
  baseEjectionTime: t.duration,
  maxEjectionPercent: t.int,
  minHealthPercent: t.int,
}));
const tls = t.message(() => ({
  mode: t.enumOf(['DISABLE', 'SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL']),
  clientCertificate: t.string,
  privateKey: t.string,
  caCertificates: t.string,
  subjectAltNames: t.strings,
  sni: t.string,
}));
const portLevelPolicy = { loadBalancer, connectionPool, outlierDetection, tls };
const trafficPolicy: ReturnType<typeof t.message> = t.message(() => ({
  ...portLevelPolicy,
  portLevelSettings: t.list(t.message(() => ({ port: portSelector, ...portLevelPolicy }))),
}));

const fields: Fields = {
  host: t.string,
  trafficPolicy,
  subsets: t.list(t.message(() => ({ name: t.string, labels: t.stringMap, trafficPolicy }))),
  exportTo: t.strings,
};

const POLICY_PARTS = ['outlierDetection', 'connectionPool', 'loadBalancer', 'tls'];

function checkPolicyParts(policy: Json, path: string, sink: IssueSink): void {
  const outlier = obj(policy, 'outlierDetection');
  if (outlier !== undefined) {
    const at = `${path}.outlierDetection`;
    checkDuration(outlier, 'baseEjectionTime', at, sink);
    checkDuration(outlier, 'interval', at, sink);
    if (num(outlier, 'consecutiveErrors') < 0) sink.error(`${at}.consecutiveErrors`, 'consecutive errors cannot be negative');
    sink.check(`${at}.maxEjectionPercent`, checkPercent(num(outlier, 'maxEjectionPercent')));
    sink.check(`${at}.minHealthPercent`, checkPercent(num(outlier, 'minHealthPercent')));
  }
  const pool = obj(policy, 'connectionPool');
  if (pool !== undefined) {
    const at = `${path}.connectionPool`;
    if (!has(pool, 'http') && !has(pool, 'tcp')) sink.error(at, 'connection pool must have at least one field');
    const http = obj(pool, 'http');
    for (const f of ['http1MaxPendingRequests', 'http2MaxRequests', 'maxRequestsPerConnection', 'maxRetries']) {
      if (num(http, f) < 0) sink.error(`${at}.http.${f}`, `${f} must be non-negative`);
    }
    checkDuration(http, 'idleTimeout', `${at}.http`, sink);
    const tcp = obj(pool, 'tcp');
    if (num(tcp, 'maxConnections') < 0) sink.error(`${at}.tcp.maxConnections`, 'max connections must be non-negative');
    checkDuration(tcp, 'connectTimeout', `${at}.tcp`, sink);
  }
  const cookie = obj(obj(obj(policy, 'loadBalancer'), 'consistentHash'), 'httpCookie');
  if (cookie !== undefined) {
    const at = `${path}.loadBalancer.consistentHash.httpCookie`;
    if (str(cookie, 'name') === '') sink.error(`${at}.name`, 'name is required for httpCookie');
    if (!has(cookie, 'ttl')) sink.error(`${at}.ttl`, 'ttl is required for httpCookie');
  }
  const tlsSettings = obj(policy, 'tls');
  if (tlsSettings !== undefined && str(tlsSettings, 'mode') === 'MUTUAL') {
    if (str(tlsSettings, 'clientCertificate') === '') sink.error(`${path}.tls.clientCertificate`, 'client certificate required for mutual TLS');
    if (str(tlsSettings, 'privateKey') === '') sink.error(`${path}.tls.privateKey`, 'private key required for mutual TLS');
  }
}

/** Istio's validateTrafficPolicy, including per-port settings. */
function checkTrafficPolicy(policy: Json, path: string, sink: IssueSink): void {
  if (policy === undefined) return;
  if (![...POLICY_PARTS, 'portLevelSettings'].some((f) => has(policy, f))) {
    sink.error(path, 'traffic policy must have at least one field');
    return;
  }
  checkPolicyParts(policy, path, sink);
  list(policy, 'portLevelSettings').forEach((portPolicy, i) => {
    const at = `${path}.portLevelSettings[${i}]`;
    if (!has(portPolicy, 'port')) sink.error(`${at}.port`, 'port traffic policy must have a port');
    if (!POLICY_PARTS.some((f) => has(portPolicy, f))) sink.error(at, 'port traffic policy must have at least one field');
    else checkPolicyParts(portPolicy, at, sink);
  });
}

/** Istio's ValidateDestinationRule, plus unique subset names (pilot merges subsets by name). */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  sink.check('spec.host', checkWildcardDomain(str(spec, 'host')));
  checkTrafficPolicy(obj(spec, 'trafficPolicy'), 'spec.trafficPolicy', sink);
  const seen = new Set<string>();
  list(spec, 'subsets').forEach((subset, i) => {
    const at = `spec.subsets[${i}]`;
    const name = str(subset, 'name');
    sink.check(`${at}.name`, checkSubsetName(name));
    if (name !== '' && seen.has(name)) sink.error(`${at}.name`, `duplicate subset name "${name}"`);
    seen.add(name);
    checkLabels(subset, 'labels', `${at}.labels`, sink);
    checkTrafficPolicy(obj(subset, 'trafficPolicy'), `${at}.trafficPolicy`, sink);
  });
  checkExportTo(strings(spec, 'exportTo'), 'spec.exportTo', sink);
}

export const destinationRuleValidator: KindValidator = { fields, rules };
