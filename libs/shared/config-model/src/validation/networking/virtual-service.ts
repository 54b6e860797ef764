import type { KindValidator } from '../kind-validator';
import { IssueSink } from '../issues';
import { list, num, str, strings, type Json, type JsonObject } from '../schema/access';
import { checkIPv4Subnet, checkWildcardDomain, hostSubsetOf, hostsOverlap, isIP } from '../common/dns';
import { checkExportTo, checkLabels, checkPort } from '../common/values';
import { checkWeightedDestinations } from './destinations';
import { checkGatewayRefs, checkHttpRoute } from './http-route';
import { virtualServiceFields } from './virtual-service-schema';

const MESH_GATEWAY = 'mesh';

/** Istio's ValidateVirtualService. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const gateways = strings(spec, 'gateways');
  const appliesToMesh = gateways.length === 0 || gateways.includes(MESH_GATEWAY);
  checkGatewayRefs(spec, 'spec', sink);

  const hosts = strings(spec, 'hosts');
  if (hosts.length === 0) sink.error('spec.hosts', 'virtual service must have at least one host');
  let allHostsValid = true;
  hosts.forEach((host, i) => {
    const err = checkWildcardDomain(host);
    if (err !== undefined && !isIP(host)) {
      sink.error(`spec.hosts[${i}]`, err);
      allHostsValid = false;
    } else if (err === undefined && appliesToMesh && host === '*') {
      sink.error(`spec.hosts[${i}]`, 'wildcard host * is not allowed for virtual services bound to the mesh gateway');
      allHostsValid = false;
    }
  });
  // Duplicates include wildcard overlaps such as *.foo.com and *.com.
  if (allHostsValid) {
    hosts.forEach((a, i) =>
      hosts.slice(i + 1).forEach((b, k) => {
        if (hostsOverlap(a, b)) sink.error(`spec.hosts[${i + 1 + k}]`, `duplicate hosts in virtual service: ${a} & ${b}`);
      }),
    );
  }

  const http = list(spec, 'http');
  const tls = list(spec, 'tls');
  const tcp = list(spec, 'tcp');
  if (http.length + tls.length + tcp.length === 0) sink.error('spec', 'http, tcp or tls must be provided in virtual service');
  http.forEach((route, i) => checkHttpRoute(route, `spec.http[${i}]`, sink));
  tls.forEach((route, i) => checkTlsRoute(route, `spec.tls[${i}]`, hosts, sink));
  tcp.forEach((route, i) => checkTcpRoute(route, `spec.tcp[${i}]`, sink));
  checkExportTo(strings(spec, 'exportTo'), 'spec.exportTo', sink);
}

function checkL4Match(match: Json, path: string, sink: IssueSink): void {
  strings(match, 'destinationSubnets').forEach((s, i) => sink.check(`${path}.destinationSubnets[${i}]`, checkIPv4Subnet(s)));
  const source = str(match, 'sourceSubnet');
  if (source !== '') sink.check(`${path}.sourceSubnet`, checkIPv4Subnet(source));
  if (num(match, 'port') !== 0) sink.check(`${path}.port`, checkPort(num(match, 'port')));
  checkLabels(match, 'sourceLabels', `${path}.sourceLabels`, sink);
  checkGatewayRefs(match, path, sink);
}

function checkTlsRoute(route: Json, path: string, hosts: string[], sink: IssueSink): void {
  const matches = list(route, 'match');
  if (matches.length === 0) sink.error(`${path}.match`, 'TLS route must have at least one match condition');
  matches.forEach((match, i) => {
    const at = `${path}.match[${i}]`;
    const sniHosts = strings(match, 'sniHosts');
    if (sniHosts.length === 0) sink.error(`${at}.sniHosts`, 'TLS match must have at least one SNI host');
    sniHosts.forEach((sni, j) => {
      const err = checkWildcardDomain(sni);
      if (err !== undefined && !isIP(sni)) return sink.error(`${at}.sniHosts[${j}]`, err);
      if (!hosts.some((h) => hostSubsetOf(sni, h))) {
        sink.error(`${at}.sniHosts[${j}]`, `SNI host "${sni}" is not a subset of any virtual service host: [${hosts.join(', ')}]`);
      }
    });
    checkL4Match(match, at, sink);
  });
  if (list(route, 'route').length === 0) sink.error(`${path}.route`, 'TLS route is required');
  checkWeightedDestinations(route, path, sink, false);
}

function checkTcpRoute(route: Json, path: string, sink: IssueSink): void {
  list(route, 'match').forEach((match, i) => checkL4Match(match, `${path}.match[${i}]`, sink));
  if (list(route, 'route').length === 0) sink.error(`${path}.route`, 'TCP route is required');
  checkWeightedDestinations(route, path, sink, false);
}

export const virtualServiceValidator: KindValidator = { fields: virtualServiceFields, rules };
