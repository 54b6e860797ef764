import { ConfigError } from '@tsmesh/shared-errors';
import { HelmValuesReader } from './helm-values-reader';
import { isPlainObject, type ResourceRequirements } from './kube-types';
import type { LabelSelector } from './label-selector';

// The injection parameters, read from a file shaped like Istio 1.2's Helm values.yaml
// (global.hub, global.proxy.statusPort, sidecarInjectorWebhook.rewriteAppHTTPProbe, ...), so the
// real chart values can be handed to the injector unchanged. Unknown keys are ignored, as the
// chart carries settings for every other component too.

export type InjectionPolicy = 'enabled' | 'disabled';
export type Tracer = '' | 'zipkin' | 'lightstep' | 'datadog';

export interface InjectionValues {
  readonly hub: string;
  readonly tag: string;
  readonly imagePullPolicy: string;
  readonly proxyImage: string;
  readonly proxyInitImage: string;
  readonly clusterDomain: string;
  /** Canonical quantities, as Kubernetes prints them. */
  readonly proxyResources: ResourceRequirements;
  readonly logLevel: string;
  readonly componentLogLevel: string;
  readonly dnsRefreshRate: string;
  readonly privileged: boolean;
  readonly enableCoreDump: boolean;
  readonly statusPort: number;
  readonly readinessInitialDelaySeconds: number;
  readonly readinessPeriodSeconds: number;
  readonly readinessFailureThreshold: number;
  readonly includeIPRanges: string;
  readonly excludeIPRanges: string;
  readonly excludeOutboundPorts: string;
  readonly kubevirtInterfaces: string;
  /** Accepted for parity with the chart; the 1.2 template always derives -b from container ports. */
  readonly includeInboundPorts: string;
  readonly excludeInboundPorts: string;
  readonly autoInject: InjectionPolicy;
  readonly tracer: Tracer;
  readonly envoyStatsdEnabled: boolean;
  readonly envoyMetricsServiceEnabled: boolean;
  readonly lightstepCacertPath: string;
  readonly trustDomain: string;
  readonly network: string;
  readonly sdsEnabled: boolean;
  readonly sdsUseTrustworthyJwt: boolean;
  readonly sdsCustomTokenDirectory: string;
  readonly podDNSSearchNamespaces: readonly string[];
  readonly istioCniEnabled: boolean;
  readonly rewriteAppHTTPProbe: boolean;
  readonly neverInjectSelector: readonly LabelSelector[];
  readonly alwaysInjectSelector: readonly LabelSelector[];
}

/** Istio 1.2 chart defaults, with images pinned to the 1.2.10 release on docker.io. */
export const DEFAULT_INJECTION_VALUES: InjectionValues = Object.freeze({
  hub: 'docker.io/istio',
  tag: '1.2.10',
  imagePullPolicy: 'IfNotPresent',
  proxyImage: 'proxyv2',
  proxyInitImage: 'proxy_init',
  clusterDomain: 'cluster.local',
  proxyResources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
  logLevel: '',
  componentLogLevel: '',
  dnsRefreshRate: '300s',
  privileged: false,
  enableCoreDump: false,
  statusPort: 15020,
  readinessInitialDelaySeconds: 1,
  readinessPeriodSeconds: 2,
  readinessFailureThreshold: 30,
  includeIPRanges: '*',
  excludeIPRanges: '',
  excludeOutboundPorts: '',
  kubevirtInterfaces: '',
  includeInboundPorts: '*',
  excludeInboundPorts: '',
  autoInject: 'enabled',
  tracer: 'zipkin',
  envoyStatsdEnabled: false,
  envoyMetricsServiceEnabled: false,
  lightstepCacertPath: '',
  trustDomain: '',
  network: '',
  sdsEnabled: false,
  sdsUseTrustworthyJwt: false,
  sdsCustomTokenDirectory: '',
  podDNSSearchNamespaces: [],
  istioCniEnabled: false,
  rewriteAppHTTPProbe: false,
  neverInjectSelector: [],
  alwaysInjectSelector: [],
});

/** Reads injection values from a Helm-values-shaped object; missing keys take the 1.2 defaults. */
export function parseInjectionValues(raw: unknown, source = 'inject config'): InjectionValues {
  if (raw !== undefined && raw !== null && !isPlainObject(raw)) {
    throw new ConfigError('must be a YAML mapping shaped like the Istio Helm values', { source });
  }
  const read = new HelmValuesReader(isPlainObject(raw) ? raw : {}, source);
  const d = DEFAULT_INJECTION_VALUES;
  return Object.freeze({
    hub: read.string('global.hub', d.hub),
    tag: read.string('global.tag', d.tag),
    imagePullPolicy: read.oneOf('global.imagePullPolicy', ['Always', 'IfNotPresent', 'Never'], 'IfNotPresent'),
    proxyImage: read.string('global.proxy.image', d.proxyImage),
    proxyInitImage: read.string('global.proxy_init.image', d.proxyInitImage),
    clusterDomain: read.string('global.proxy.clusterDomain', d.clusterDomain),
    proxyResources: read.resources('global.proxy.resources', d.proxyResources),
    logLevel: read.string('global.proxy.logLevel', d.logLevel),
    componentLogLevel: read.string('global.proxy.componentLogLevel', d.componentLogLevel),
    dnsRefreshRate: read.string('global.proxy.dnsRefreshRate', d.dnsRefreshRate),
    privileged: read.boolean('global.proxy.privileged', d.privileged),
    enableCoreDump: read.boolean('global.proxy.enableCoreDump', d.enableCoreDump),
    statusPort: read.integer('global.proxy.statusPort', d.statusPort, 65535),
    readinessInitialDelaySeconds: read.integer('global.proxy.readinessInitialDelaySeconds', d.readinessInitialDelaySeconds),
    readinessPeriodSeconds: read.integer('global.proxy.readinessPeriodSeconds', d.readinessPeriodSeconds),
    readinessFailureThreshold: read.integer('global.proxy.readinessFailureThreshold', d.readinessFailureThreshold),
    includeIPRanges: read.string('global.proxy.includeIPRanges', d.includeIPRanges),
    excludeIPRanges: read.string('global.proxy.excludeIPRanges', d.excludeIPRanges),
    excludeOutboundPorts: read.string('global.proxy.excludeOutboundPorts', d.excludeOutboundPorts),
    kubevirtInterfaces: read.string('global.proxy.kubevirtInterfaces', d.kubevirtInterfaces),
    includeInboundPorts: read.string('global.proxy.includeInboundPorts', d.includeInboundPorts),
    excludeInboundPorts: read.string('global.proxy.excludeInboundPorts', d.excludeInboundPorts),
    autoInject: read.oneOf('global.proxy.autoInject', ['enabled', 'disabled'], d.autoInject),
    tracer: read.oneOf('global.proxy.tracer', ['', 'zipkin', 'lightstep', 'datadog'], d.tracer),
    envoyStatsdEnabled: read.boolean('global.proxy.envoyStatsd.enabled', d.envoyStatsdEnabled),
    envoyMetricsServiceEnabled: read.boolean('global.proxy.envoyMetricsService.enabled', d.envoyMetricsServiceEnabled),
    lightstepCacertPath: read.string('global.tracer.lightstep.cacertPath', d.lightstepCacertPath),
    trustDomain: read.string('global.trustDomain', d.trustDomain),
    network: read.string('global.network', d.network),
    sdsEnabled: read.boolean('global.sds.enabled', d.sdsEnabled),
    sdsUseTrustworthyJwt: read.boolean('global.sds.useTrustworthyJwt', d.sdsUseTrustworthyJwt),
    sdsCustomTokenDirectory: read.string('global.sds.customTokenDirectory', d.sdsCustomTokenDirectory),
    podDNSSearchNamespaces: read.strings('global.podDNSSearchNamespaces', d.podDNSSearchNamespaces),
    istioCniEnabled: read.boolean('istio_cni.enabled', d.istioCniEnabled),
    rewriteAppHTTPProbe: read.boolean('sidecarInjectorWebhook.rewriteAppHTTPProbe', d.rewriteAppHTTPProbe),
    neverInjectSelector: read.selectors('sidecarInjectorWebhook.neverInjectSelector'),
    alwaysInjectSelector: read.selectors('sidecarInjectorWebhook.alwaysInjectSelector'),
  });
}
