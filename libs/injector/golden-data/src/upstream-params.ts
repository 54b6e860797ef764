import { parse as parseYaml } from 'yaml';
import { createInjectorConfig, parseInjectionValues, parseMeshConfig, type InjectorConfig } from '@tsmesh/injector-injection';
import { readSample } from './istio-samples';

// The parameters Istio 1.2's own tests used to produce the goldens (pilot/pkg/kube/inject/
// inject_test.go and webhook_test.go at tag 1.2.10): the chart's values.yaml with the test's
// Params merged over it (Params.intoHelmValues), and model.DefaultMeshConfig() as the mesh.

export interface UpstreamParams {
  readonly includeIPRanges?: string;
  readonly excludeIPRanges?: string;
  readonly includeInboundPorts?: string;
  readonly excludeInboundPorts?: string;
  readonly statusPort?: number;
  readonly readinessInitialDelaySeconds?: number;
  readonly readinessPeriodSeconds?: number;
  readonly readinessFailureThreshold?: number;
  readonly rewriteAppHTTPProbe?: boolean;
  readonly tproxy?: boolean;
}

/** The Default* constants of inject.go, which most cases pass explicitly. */
export const ISTIO_TEST_DEFAULTS: UpstreamParams = {
  includeIPRanges: '*',
  includeInboundPorts: '*',
  statusPort: 15020,
  readinessInitialDelaySeconds: 1,
  readinessPeriodSeconds: 2,
  readinessFailureThreshold: 30,
};

/** model.DefaultMeshConfig() of Istio 1.2: the code defaults, not the Helm-installed mesh. */
export const ISTIO_CODE_DEFAULT_MESH = {
  defaultConfig: { discoveryAddress: 'istio-pilot:15010', connectTimeout: '1s', concurrency: 0, tracing: null },
};

export function chartValues(): Record<string, unknown> {
  return parseYaml(readSample('install/kubernetes/helm/istio/values.yaml')) as Record<string, unknown>;
}

/** inject_test.go's Params, as Helm value overrides (a Go zero value where a case sets none). */
export function upstreamInjectorConfig(params: UpstreamParams): InjectorConfig {
  const values = chartValues() as { global: Record<string, unknown>; sidecarInjectorWebhook: Record<string, unknown> };
  values.global['proxy_init'] = { image: 'docker.io/istio/proxy_init:unittest' };
  values.global['imagePullPolicy'] = 'IfNotPresent';
  Object.assign(values.global['proxy'] as object, {
    image: 'docker.io/istio/proxyv2:unittest',
    enableCoreDump: false,
    privileged: false,
    tracer: '',
    statusPort: params.statusPort ?? 0,
    readinessInitialDelaySeconds: params.readinessInitialDelaySeconds ?? 0,
    readinessPeriodSeconds: params.readinessPeriodSeconds ?? 0,
    readinessFailureThreshold: params.readinessFailureThreshold ?? 0,
    includeIPRanges: params.includeIPRanges ?? '',
    excludeIPRanges: params.excludeIPRanges ?? '',
    includeInboundPorts: params.includeInboundPorts ?? '',
    excludeInboundPorts: params.excludeInboundPorts ?? '',
  });
  values.global['sds'] = { enabled: false, useTrustworthyJwt: false };
  values.sidecarInjectorWebhook['rewriteAppHTTPProbe'] = params.rewriteAppHTTPProbe ?? false;
  const mesh = structuredClone(ISTIO_CODE_DEFAULT_MESH) as { defaultConfig: Record<string, unknown> };
  mesh.defaultConfig['interceptionMode'] = params.tproxy ? 'TPROXY' : 'REDIRECT';
  return createInjectorConfig({ values: parseInjectionValues(values, 'values.yaml'), mesh: parseMeshConfig(mesh) });
}

/**
 * webhook_test.go's createTestWebhookFromHelmConfigMap: the chart's values.yaml as is (no
 * Params merged), model.DefaultMeshConfig() as the mesh, policy enabled.
 */
export function chartInjectorConfig(): InjectorConfig {
  return createInjectorConfig({ values: parseInjectionValues(chartValues(), 'values.yaml'), mesh: parseMeshConfig(ISTIO_CODE_DEFAULT_MESH) });
}
