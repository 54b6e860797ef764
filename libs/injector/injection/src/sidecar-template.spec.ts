import { createInjectorConfig } from './injector-config';
import { parseInjectionValues } from './injection-values';
import type { Container, PodSpec, StringMap } from './kube-types';
import { parseMeshConfig } from './mesh-config';
import { renderSidecar } from './sidecar-template';
import type { TemplateContext } from './template-context';

// Branches of the 1.2 template the goldens do not reach: annotations and chart switches.

const spec: PodSpec = { containers: [{ name: 'app', ports: [{ containerPort: 8080 }] }] };

function context(annotations: StringMap = {}, valuesRaw: object = {}, meshRaw: object = {}): TemplateContext {
  const config = createInjectorConfig({ values: parseInjectionValues(valuesRaw), mesh: parseMeshConfig(meshRaw) });
  return { deploymentMeta: { name: 'web', namespace: 'shop' }, meta: { annotations, labels: { app: 'web' } }, spec, values: config.values, mesh: config.mesh };
}

const proxyOf = (ctx: TemplateContext): Container => renderSidecar(ctx).containers[0] as Container;
const initOf = (ctx: TemplateContext): Container | undefined => renderSidecar(ctx).initContainers.find((c) => c.name === 'istio-init');
const argAfter = (args: readonly string[] | undefined, flag: string): string | undefined => args?.[args.indexOf(flag) + 1];

describe('default template', () => {
  it('renders the Istio 1.2 defaults of a Helm install', () => {
    const sidecar = renderSidecar(context());
    const proxy = sidecar.containers[0] as Container;
    expect(proxy.image).toBe('docker.io/istio/proxyv2:1.2.10');
    expect(proxy.args).toEqual([
      'proxy', 'sidecar', '--domain', '$(POD_NAMESPACE).svc.cluster.local', '--configPath', '/etc/istio/proxy',
      '--binaryPath', '/usr/local/bin/envoy', '--serviceCluster', 'web.$(POD_NAMESPACE)', '--drainDuration', '45s',
      '--parentShutdownDuration', '1m0s', '--discoveryAddress', 'istio-pilot.istio-system:15010',
      '--zipkinAddress', 'zipkin.istio-system:9411', '--dnsRefreshRate', '300s', '--connectTimeout', '10s',
      '--proxyAdminPort', '15000', '--concurrency', '2', '--controlPlaneAuthPolicy', 'NONE',
      '--statusPort', '15020', '--applicationPorts', '8080',
    ]);
    expect(initOf(context())?.args).toEqual(['-p', '15001', '-u', '1337', '-m', 'REDIRECT', '-i', '*', '-x', '', '-b', '8080', '-d', '15020']);
    expect(sidecar.volumes.map((volume) => volume.name)).toEqual(['istio-envoy', 'istio-certs']);
  });

  it('honours the per-pod annotations', () => {
    const ctx = context({
      'sidecar.istio.io/proxyImage': 'registry.local/istio',
      'sidecar.istio.io/discoveryAddress': 'pilot.local:15010',
      'sidecar.istio.io/controlPlaneAuthPolicy': 'MUTUAL_TLS',
      'sidecar.istio.io/proxyCPU': '500m',
      'sidecar.istio.io/proxyMemory': '1024Mi',
      'traffic.sidecar.istio.io/includeInboundPorts': '*',
      'traffic.sidecar.istio.io/kubevirtInterfaces': 'net1',
      'readiness.status.sidecar.istio.io/applicationPorts': '9090',
    });
    const proxy = proxyOf(ctx);
    expect(proxy.image).toBe('registry.local/istio/proxyv2:1.2.10');
    expect(argAfter(proxy.args, '--discoveryAddress')).toBe('pilot.local:15010');
    expect(argAfter(proxy.args, '--controlPlaneAuthPolicy')).toBe('MUTUAL_TLS');
    expect(argAfter(proxy.args, '--applicationPorts')).toBe('9090');
    expect(proxy.resources).toEqual({ requests: { cpu: '500m', memory: '1Gi' } });
    const init = initOf(ctx);
    expect(argAfter(init?.args, '-b')).toBe('*');
    expect(argAfter(init?.args, '-k')).toBe('net1');
    expect(init?.env).toEqual([{ name: 'INBOUND_CAPTURE_PORT', value: '15006' }]);
    expect(proxy.env?.find((env) => env.name === 'ISTIO_META_INCLUDE_INBOUND_PORTS')?.value).toBe('*');
  });

  it('drops istio-init for interception mode NONE and adds NET_ADMIN to the proxy for TPROXY', () => {
    expect(initOf(context({ 'sidecar.istio.io/interceptionMode': 'NONE' }))).toBeUndefined();
    const tproxy = proxyOf(context({ 'sidecar.istio.io/interceptionMode': 'TPROXY' }));
    expect(tproxy.securityContext).toEqual({ readOnlyRootFilesystem: true, capabilities: { add: ['NET_ADMIN'] }, runAsGroup: 1337 });
    expect(tproxy.env?.find((env) => env.name === 'ISTIO_META_INTERCEPTION_MODE')?.value).toBe('TPROXY');
  });

  it('disables the health endpoint with status port 0', () => {
    const proxy = proxyOf(context({ 'status.sidecar.istio.io/port': '0' }));
    expect(proxy.readinessProbe).toBeUndefined();
    expect(proxy.args).not.toContain('--statusPort');
    expect(argAfter(initOf(context({ 'status.sidecar.istio.io/port': '0' }))?.args, '-d')).toBe('');
  });

  it('adds user volumes, the bootstrap override and SDS mounts', () => {
    const ctx = context({
      'sidecar.istio.io/bootstrapOverride': 'my-bootstrap',
      'sidecar.istio.io/userVolume': '{"b-vol":{"configMap":{"name":"b"}},"a-vol":{"emptyDir":{}}}',
      'sidecar.istio.io/userVolumeMount': '{"a-vol":{"mountPath":"/a"}}',
    });
    const sidecar = renderSidecar(ctx);
    expect(sidecar.volumes.map((v) => v.name)).toEqual(['custom-bootstrap-volume', 'istio-envoy', 'istio-certs', 'a-vol', 'b-vol']);
    expect(proxyOf(ctx).volumeMounts?.map((m) => m.name)).toEqual(['custom-bootstrap-volume', 'istio-envoy', 'istio-certs', 'a-vol']);
    expect(proxyOf(ctx).env?.at(-1)).toEqual({ name: 'ISTIO_BOOTSTRAP_OVERRIDE', value: '/etc/istio/custom-bootstrap/custom_bootstrap.json' });
    const sds = renderSidecar(context({}, { global: { sds: { enabled: true, useTrustworthyJwt: true }, trustDomain: 'cluster.local' } }));
    expect(sds.volumes.map((v) => v.name)).toEqual(['istio-envoy', 'sds-uds-path', 'istio-token']);
    expect((sds.containers[0] as Container).securityContext).toMatchObject({ runAsGroup: 1337, runAsUser: 1337 });
  });

  it('follows chart switches: tracer, core dump, CNI, privileged, log levels', () => {
    const lightstep = proxyOf(context({}, { global: { proxy: { tracer: 'lightstep' } } }, { defaultConfig: { tracing: { lightstep: { address: 'ls:443', accessToken: 't', secure: true } } } }));
    expect(lightstep.args).toEqual(expect.arrayContaining(['--lightstepAddress', 'ls:443', '--lightstepSecure=true']));
    const datadog = proxyOf(context({}, { global: { proxy: { tracer: 'datadog', logLevel: 'debug' } } }));
    expect(datadog.env?.map((env) => env.name)).toContain('HOST_IP');
    expect(datadog.args).toContain('--proxyLogLevel=debug');
    const coreDump = renderSidecar(context({}, { global: { proxy: { enableCoreDump: true, privileged: true } } }));
    expect(coreDump.initContainers.map((c) => c.name)).toEqual(['istio-init', 'enable-core-dump']);
    expect((coreDump.containers[0] as Container).securityContext).toEqual({ privileged: true, runAsUser: 1337 });
    expect(renderSidecar(context({}, { istio_cni: { enabled: true } })).initContainers).toEqual([]);
  });

  it('rejects invalid annotations, naming them', () => {
    expect(() => renderSidecar(context({ 'sidecar.istio.io/interceptionMode': 'MAGIC' }))).toThrow(/sidecar.istio.io\/interceptionMode/);
    expect(() => renderSidecar(context({ 'sidecar.istio.io/proxyCPU': 'lots' }))).toThrow(/proxyCPU/);
    expect(() => renderSidecar(context({ 'sidecar.istio.io/userVolume': '{' }))).toThrow(/not valid JSON/);
    expect(() => renderSidecar(context({ 'readiness.status.sidecar.istio.io/periodSeconds': '-1' }))).toThrow(/periodSeconds/);
  });
});
