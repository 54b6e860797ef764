import type { KindValidator } from '../kind-validator';
import { IssueSink, type ResourceMeta } from '../issues';
import { list, num, obj, str, strings, enumName, type Json, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { isDns1123Label } from '../common/dns';
import { checkNamespacedHost, checkPort, isHttpProtocol, isTlsProtocol, parseProtocol } from '../common/values';
import { port } from './shared-schema';

const TLS_MODES = ['PASSTHROUGH', 'SIMPLE', 'MUTUAL', 'AUTO_PASSTHROUGH'] as const;
const TLS_VERSIONS = ['TLS_AUTO', 'TLSV1_0', 'TLSV1_1', 'TLSV1_2', 'TLSV1_3'];

/** Gateway as defined by istio/api 1.2.10 gateway.proto. */
const fields: Fields = {
  selector: t.stringMap,
  servers: t.list(
    t.message(() => ({
      port,
      bind: t.string,
      hosts: t.strings,
      defaultEndpoint: t.string,
      tls: t.message(() => ({
        httpsRedirect: t.bool,
        mode: t.enumOf(TLS_MODES),
        serverCertificate: t.string,
        privateKey: t.string,
        caCertificates: t.string,
        credentialName: t.string,
        subjectAltNames: t.strings,
        minProtocolVersion: t.enumOf(TLS_VERSIONS),
        maxProtocolVersion: t.enumOf(TLS_VERSIONS),
        cipherSuites: t.strings,
      })),
    })),
  ),
};

function checkTlsOptions(tls: Json, path: string, sink: IssueSink): void {
  const mode = enumName(tls, 'mode', TLS_MODES);
  if (mode !== 'SIMPLE' && mode !== 'MUTUAL') return;
  // With credentialName the gateway fetches certificates itself (SDS), so no files are needed.
  if (str(tls, 'credentialName') !== '') return;
  if (str(tls, 'serverCertificate') === '') sink.error(`${path}.serverCertificate`, `${mode} TLS requires a server certificate`);
  if (str(tls, 'privateKey') === '') sink.error(`${path}.privateKey`, `${mode} TLS requires a private key`);
  if (mode === 'MUTUAL' && str(tls, 'caCertificates') === '') sink.error(`${path}.caCertificates`, 'MUTUAL TLS requires a client CA bundle');
}

/** Istio's validateServer and validateServerPort. */
function checkServer(server: Json, path: string, sink: IssueSink): void {
  const hosts = strings(server, 'hosts');
  if (hosts.length === 0) sink.error(`${path}.hosts`, 'server must contain at least one host');
  hosts.forEach((h, i) => checkNamespacedHost(h, true).forEach((m) => sink.error(`${path}.hosts[${i}]`, m)));
  const serverPort = obj(server, 'port');
  const tls = obj(server, 'tls');
  if (tls !== undefined) checkTlsOptions(tls, `${path}.tls`, sink);
  if (serverPort === undefined) return sink.error(`${path}.port`, 'port is required');
  const protocol = parseProtocol(str(serverPort, 'protocol'));
  let portOk = true;
  if (protocol === undefined) {
    portOk = false;
    sink.error(`${path}.port.protocol`, `invalid protocol "${str(serverPort, 'protocol')}"`);
  }
  if (num(serverPort, 'number') > 0) sink.check(`${path}.port.number`, checkPort(num(serverPort, 'number')));
  if (str(serverPort, 'name') === '') {
    portOk = false;
    sink.error(`${path}.port.name`, 'port name must be set');
  }
  if (!portOk) return;
  if (isTlsProtocol(protocol) && tls === undefined) sink.error(`${path}.tls`, 'server must have TLS settings for HTTPS/TLS protocols');
  if (!isTlsProtocol(protocol) && tls !== undefined) {
    // A plain HTTP server may carry TLS settings only to ask for an HTTPS redirect.
    const mode = enumName(tls, 'mode', TLS_MODES);
    const passThrough = mode === 'PASSTHROUGH' || mode === 'AUTO_PASSTHROUGH';
    const hasFiles = ['caCertificates', 'privateKey', 'serverCertificate'].some((f) => str(tls, f) !== '');
    if (!isHttpProtocol(protocol)) sink.error(`${path}.tls`, 'server cannot have TLS settings for non HTTPS/TLS ports');
    else if (!passThrough || hasFiles) sink.error(`${path}.tls`, 'server cannot have TLS settings for plain text HTTP ports');
  }
}

/** Istio's ValidateGateway: DNS-label name, at least one server, unique port names. */
function rules(spec: JsonObject, meta: ResourceMeta, sink: IssueSink): void {
  if (!isDns1123Label(meta.name)) sink.error('metadata.name', `invalid gateway name "${meta.name}" (must be a DNS-1123 label)`);
  const servers = list(spec, 'servers');
  if (servers.length === 0) sink.error('spec.servers', 'gateway must have at least one server');
  const portNames = new Set<string>();
  servers.forEach((server, i) => {
    checkServer(server, `spec.servers[${i}]`, sink);
    const serverPort = obj(server, 'port');
    if (serverPort === undefined) return;
    const name = str(serverPort, 'name');
    if (portNames.has(name)) sink.error(`spec.servers[${i}].port.name`, `port names in servers must be unique: duplicate name ${name}`);
    portNames.add(name);
  });
}

export const gatewayValidator: KindValidator = { fields, rules };
