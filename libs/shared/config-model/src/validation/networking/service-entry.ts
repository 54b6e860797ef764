import type { KindValidator } from '../kind-validator';
import { IssueSink, keyPath } from '../issues';
import { entries, enumName, list, num, str, strings, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { checkFqdn, checkIPv4Subnet, checkWildcardDomain, isIP, isIPv4 } from '../common/dns';
import {
  checkExportTo, checkLabels, checkPort, checkPortName, checkProtocol, checkUnixAddress, isHttpProtocol, isTlsProtocol,
  parseProtocol,
} from '../common/values';
import { port } from './shared-schema';

const RESOLUTIONS = ['NONE', 'STATIC', 'DNS'] as const;
const UNIX_PREFIX = 'unix://';

/** ServiceEntry as defined by istio/api 1.2.10 service_entry.proto. */
const fields: Fields = {
  hosts: t.strings,
  addresses: t.strings,
  ports: t.list(port),
  location: t.enumOf(['MESH_EXTERNAL', 'MESH_INTERNAL']),
  resolution: t.enumOf(RESOLUTIONS),
  endpoints: t.list(
    t.message(() => ({
      address: t.string,
      ports: t.map(t.uint),
      labels: t.stringMap,
      network: t.string,
      locality: t.string,
      weight: t.uint,
    })),
  ),
  exportTo: t.strings,
  subjectAltNames: t.strings,
};

/** Istio's ValidateServiceEntry. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const hosts = strings(spec, 'hosts');
  if (hosts.length === 0) sink.error('spec.hosts', 'service entry must have at least one host');
  hosts.forEach((h, i) => sink.check(`spec.hosts[${i}]`, h === '*' ? 'host * is not allowed in a service entry' : checkWildcardDomain(h)));

  const resolution = enumName(spec, 'resolution', RESOLUTIONS);
  const addresses = strings(spec, 'addresses');
  addresses.forEach((a, i) => sink.check(`spec.addresses[${i}]`, checkIPv4Subnet(a)));
  if (addresses.some((a) => a.includes('/')) && resolution !== 'NONE' && resolution !== 'STATIC') {
    sink.error('spec.resolution', 'CIDR addresses are allowed only for NONE/STATIC resolution');
  }

  const ports = list(spec, 'ports');
  const portNames = new Set<string>();
  const portNumbers = new Set<number>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    const name = str(p, 'name');
    const number = num(p, 'number');
    if (portNames.has(name)) sink.error(`${at}.name`, `service entry port name "${name}" already defined`);
    if (portNumbers.has(number)) sink.error(`${at}.number`, `service entry port ${number} already defined`);
    portNames.add(name);
    portNumbers.add(number);
    sink.check(`${at}.name`, checkPortName(name));
    sink.check(`${at}.protocol`, checkProtocol(str(p, 'protocol')));
    sink.check(`${at}.number`, checkPort(number));
  });

  const endpoints = list(spec, 'endpoints');
  let unixEndpoint = false;
  endpoints.forEach((ep, i) => {
    const at = `spec.endpoints[${i}]`;
    const address = str(ep, 'address');
    const epPorts = entries(ep, 'ports');
    if (resolution === 'STATIC' && address.startsWith(UNIX_PREFIX)) {
      unixEndpoint = true;
      sink.check(`${at}.address`, checkUnixAddress(address.slice(UNIX_PREFIX.length)));
      if (epPorts.length > 0) sink.error(`${at}.ports`, `unix endpoint ${address} must not include ports`);
    } else if (resolution === 'STATIC') {
      if (!isIPv4(address)) sink.error(`${at}.address`, `${address} is not a valid IPv4 address`);
    } else if (resolution === 'DNS' && !isIP(address) && checkFqdn(address) !== undefined) {
      sink.error(`${at}.address`, `endpoint address "${address}" is not a valid FQDN or an IP address`);
    }
    if (resolution !== 'NONE') checkLabels(ep, 'labels', `${at}.labels`, sink);
    for (const [name, value] of resolution === 'NONE' ? [] : epPorts) {
      const portAt = keyPath(`${at}.ports`, name);
      if (!portNames.has(name)) sink.error(portAt, `endpoint port ${name} is not defined by the service entry`);
      if (resolution === 'DNS') {
        sink.check(portAt, checkPortName(name));
        sink.check(portAt, checkPort(typeof value === 'number' ? value : 0));
      }
    }
  });

  if (resolution === 'NONE' && endpoints.length > 0) sink.error('spec.endpoints', 'no endpoints should be provided for resolution NONE');
  if (resolution === 'STATIC' && endpoints.length === 0) sink.error('spec.endpoints', 'endpoints must be provided for resolution STATIC');
  if (unixEndpoint && ports.length !== 1) sink.error('spec.ports', 'exactly 1 service port required for unix endpoints');
  if (resolution === 'DNS' && endpoints.length === 0) {
    hosts.forEach((h, i) => {
      if (checkFqdn(h) !== undefined) sink.error(`spec.hosts[${i}]`, 'hosts must be FQDN (no wildcards) if no endpoints are provided for resolution DNS');
    });
  }
  // Plain TCP cannot tell several hosts apart (no Host header, no SNI) unless hosts are ignored (NONE).
  if (resolution !== 'NONE' && hosts.length > 1) {
    const canDifferentiate = ports.every((p) => {
      const protocol = parseProtocol(str(p, 'protocol'));
      return isHttpProtocol(protocol) || isTlsProtocol(protocol);
    });
    if (!canDifferentiate) sink.error('spec.hosts', 'multiple hosts provided with non-HTTP, non-TLS ports');
  }
  checkExportTo(strings(spec, 'exportTo'), 'spec.exportTo', sink);
}

export const serviceEntryValidator: KindValidator = { fields, rules };
