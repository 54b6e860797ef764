import type { KindValidator } from '../kind-validator';
import { IssueSink } from '../issues';
import { enumName, field, list, num, obj, str, strings, type Json, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { isIPv4 } from '../common/dns';
import { checkNamespacedHost, checkPort, checkPortName, checkProtocol, checkUnixAddress } from '../common/values';
import { CAPTURE_MODES, port } from './shared-schema';

const UNIX_PREFIX = 'unix://';

/** Sidecar as defined by istio/api 1.2.10 sidecar.proto. */
const listener = { port, bind: t.string, captureMode: t.enumOf(CAPTURE_MODES) };
const fields: Fields = {
  workloadSelector: t.message(() => ({ labels: t.stringMap })),
  ingress: t.list(t.message(() => ({ ...listener, defaultEndpoint: t.string }))),
  egress: t.list(t.message(() => ({ ...listener, hosts: t.strings }))),
};

/** Istio's validateSidecarPortBindAndCaptureMode; port 0 means a unix domain socket listener. */
function checkListenerPort(listener: Json, path: string, sink: IssueSink): void {
  const p = obj(listener, 'port');
  const bind = str(listener, 'bind');
  if (str(p, 'name') !== '') sink.check(`${path}.port.name`, checkPortName(str(p, 'name')));
  sink.check(`${path}.port.protocol`, checkProtocol(str(p, 'protocol')));
  if (num(p, 'number') === 0) {
    if (!bind.startsWith(UNIX_PREFIX)) sink.error(`${path}.bind`, 'ports with 0 value must have a unix domain socket bind address');
    else sink.check(`${path}.bind`, checkUnixAddress(bind.slice(UNIX_PREFIX.length)));
    const mode = enumName(listener, 'captureMode', CAPTURE_MODES);
    if (mode !== 'DEFAULT' && mode !== 'NONE') sink.error(`${path}.captureMode`, 'captureMode must be DEFAULT/NONE for unix domain socket listeners');
  } else {
    sink.check(`${path}.port.number`, checkPort(num(p, 'number')));
    if (bind !== '' && !isIPv4(bind)) sink.error(`${path}.bind`, `${bind} is not a valid IPv4 address`);
  }
}

/** Ports must be unique among IP listeners, bind addresses unique among unix socket listeners. */
function uniqueListeners(sink: IssueSink): (listener: Json, path: string) => void {
  const ports = new Set<number>();
  const sockets = new Set<string>();
  return (listener, path) => {
    const number = num(obj(listener, 'port'), 'number');
    const bind = str(listener, 'bind');
    if (number === 0 && sockets.has(bind)) sink.error(`${path}.bind`, 'unix domain socket values for listeners must be unique');
    if (number !== 0 && ports.has(number)) sink.error(`${path}.port.number`, 'ports on IP bound listeners must be unique');
    if (number === 0) sockets.add(bind);
    else ports.add(number);
  };
}

function checkDefaultEndpoint(endpoint: string, path: string, sink: IssueSink): void {
  if (endpoint === '') return sink.error(path, 'default endpoint must be set for all ingress listeners');
  if (endpoint.startsWith(UNIX_PREFIX)) return sink.check(path, checkUnixAddress(endpoint.slice(UNIX_PREFIX.length)));
  const parts = endpoint.split(':');
  if (parts.length < 2 || (parts[0] !== '' && parts[0] !== '127.0.0.1')) return sink.error(path, 'defaultEndpoint must be of form 127.0.0.1:<port>');
  const portText = parts[1] ?? '';
  sink.check(path, /^[+-]?\d+$/.test(portText) ? checkPort(Number(portText)) : `defaultEndpoint port (${portText}) is not a number`);
}

/** Istio's ValidateSidecar. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const selector = obj(spec, 'workloadSelector');
  if (selector !== undefined && field(selector, 'labels') === undefined) sink.error('spec.workloadSelector.labels', 'workloadSelector cannot have empty labels');
  const egress = list(spec, 'egress');
  if (egress.length === 0) return sink.error('spec.egress', 'sidecar must have at least one egress listener');

  const ingressUnique = uniqueListeners(sink);
  list(spec, 'ingress').forEach((listener, i) => {
    const at = `spec.ingress[${i}]`;
    if (obj(listener, 'port') === undefined) return sink.error(`${at}.port`, 'port is required for ingress listeners');
    checkListenerPort(listener, at, sink);
    ingressUnique(listener, at);
    checkDefaultEndpoint(str(listener, 'defaultEndpoint'), `${at}.defaultEndpoint`, sink);
  });

  const egressUnique = uniqueListeners(sink);
  let catchAllFound = false;
  egress.forEach((listener, i) => {
    const at = `spec.egress[${i}]`;
    if (obj(listener, 'port') === undefined) {
      // At most one catch-all (port-less) egress listener, and it must come last.
      if (catchAllFound) return sink.error(at, 'egress can have only one listener with empty port');
      if (i === egress.length - 1) catchAllFound = true;
      else sink.error(at, 'the egress listener with empty port should be the last listener in the list');
    } else {
      checkListenerPort(listener, at, sink);
      egressUnique(listener, at);
    }
    const hosts = strings(listener, 'hosts');
    if (hosts.length === 0) sink.error(`${at}.hosts`, 'egress listener must contain at least one host');
    hosts.forEach((h, j) => checkNamespacedHost(h, false).forEach((m) => sink.error(`${at}.hosts[${j}]`, m)));
  });
}

export const sidecarValidator: KindValidator = { fields, rules };
