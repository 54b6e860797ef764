import { Annotation } from './annotations';
import { formatGoDuration } from './go-duration';
import {
  annotationOr,
  proxyConfigOf,
  statusPortText,
  type TemplateContext,
} from './template-context';
import { applicationPorts } from './traffic-ports';

// `pilot-agent proxy sidecar ...` arguments in the order Istio 1.2's template writes them.

function serviceCluster(context: TemplateContext): string {
  const app = context.meta.labels?.['app'] ?? '';
  if (app !== '') return `${app}.$(POD_NAMESPACE)`;
  const { name, namespace } = context.deploymentMeta;
  return `${name || 'istio-proxy'}.${namespace || 'default'}`;
}

function tracerArgs(context: TemplateContext): string[] {
  const tracing = proxyConfigOf(context).tracing;
  switch (context.values.tracer) {
    case 'lightstep': {
      const lightstep = tracing?.lightstep;
      return [
        '--lightstepAddress', lightstep?.address ?? '',
        '--lightstepAccessToken', lightstep?.accessToken ?? '',
        `--lightstepSecure=${lightstep?.secure ?? false}`,
        '--lightstepCacertPath', lightstep?.cacertPath ?? '',
      ];
    }
    case 'zipkin':
      return ['--zipkinAddress', tracing?.zipkin?.address ?? ''];
    case 'datadog':
      return ['--datadogAgentAddress', tracing?.datadog?.address ?? ''];
    default:
      return [];
  }
}

export function proxyArgs(context: TemplateContext): string[] {
  const { values } = context;
  const proxy = proxyConfigOf(context);
  const args = [
    'proxy', 'sidecar',
    '--domain', `$(POD_NAMESPACE).svc.${values.clusterDomain}`,
    '--configPath', proxy.configPath,
    '--binaryPath', proxy.binaryPath,
    '--serviceCluster', serviceCluster(context),
    '--drainDuration', formatGoDuration(proxy.drainDurationMs),
    '--parentShutdownDuration', formatGoDuration(proxy.parentShutdownDurationMs),
    '--discoveryAddress', annotationOr(context, Annotation.discoveryAddress, proxy.discoveryAddress),
    ...tracerArgs(context),
  ];
  if (values.logLevel) args.push(`--proxyLogLevel=${values.logLevel}`);
  if (values.componentLogLevel) args.push(`--proxyComponentLogLevel=${values.componentLogLevel}`);
  args.push('--dnsRefreshRate', values.dnsRefreshRate, '--connectTimeout', formatGoDuration(proxy.connectTimeoutMs));
  if (values.envoyStatsdEnabled) args.push('--statsdUdpAddress', proxy.statsdUdpAddress);
  if (values.envoyMetricsServiceEnabled) args.push('--envoyMetricsServiceAddress', proxy.envoyMetricsServiceAddress);
  args.push('--proxyAdminPort', String(proxy.proxyAdminPort));
  if (proxy.concurrency > 0) args.push('--concurrency', String(proxy.concurrency));
  args.push('--controlPlaneAuthPolicy', annotationOr(context, Annotation.controlPlaneAuthPolicy, proxy.controlPlaneAuthPolicy));
  const statusPort = statusPortText(context);
  if (statusPort !== '0') {
    args.push(
      '--statusPort', statusPort,
      '--applicationPorts', annotationOr(context, Annotation.readinessApplicationPorts, applicationPorts(context.spec.containers)),
    );
  }
  if (values.trustDomain) args.push(`--trust-domain=${values.trustDomain}`);
  return args;
}
