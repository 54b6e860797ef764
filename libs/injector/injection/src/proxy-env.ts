import { Annotation } from './annotations';
import { goJsonStringMap } from './go-json';
import type { EnvVar } from './kube-types';
import { annotationOr, hasAnnotation, proxyConfigOf, type TemplateContext } from './template-context';
import { applicationPorts } from './traffic-ports';

// Environment of the istio-proxy container. ISTIO_META_* become node metadata in the proxy's
// bootstrap; ISTIO_METAJSON_* carry the pod's labels/annotations as JSON.

function fieldRef(name: string, fieldPath: string): EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath } } };
}

/** A Kubernetes EnvVar drops an empty value (omitempty), so "" yields just the name. */
function literal(name: string, value: string): EnvVar {
  return value === '' ? { name } : { name, value };
}

export function proxyEnv(context: TemplateContext): EnvVar[] {
  const { values, meta } = context;
  const env: EnvVar[] = [
    fieldRef('POD_NAME', 'metadata.name'),
    fieldRef('POD_NAMESPACE', 'metadata.namespace'),
    fieldRef('INSTANCE_IP', 'status.podIP'),
  ];
  if (values.tracer === 'datadog') env.push(fieldRef('HOST_IP', 'status.hostIP'));
  const annotatedMode = meta.annotations?.[Annotation.interceptionMode] ?? '';
  env.push(
    fieldRef('ISTIO_META_POD_NAME', 'metadata.name'),
    fieldRef('ISTIO_META_CONFIG_NAMESPACE', 'metadata.namespace'),
    literal('ISTIO_META_INTERCEPTION_MODE', annotatedMode || proxyConfigOf(context).interceptionMode),
    literal('ISTIO_META_INCLUDE_INBOUND_PORTS', annotationOr(context, Annotation.includeInboundPorts, applicationPorts(context.spec.containers))),
  );
  if (values.network) env.push(literal('ISTIO_META_NETWORK', values.network));
  // The template writes these as YAML block scalars, which end in a newline.
  if (Object.keys(meta.annotations ?? {}).length > 0) {
    env.push(literal('ISTIO_METAJSON_ANNOTATIONS', `${goJsonStringMap(meta.annotations ?? {})}\n`));
  }
  if (Object.keys(meta.labels ?? {}).length > 0) {
    env.push(literal('ISTIO_METAJSON_LABELS', `${goJsonStringMap(meta.labels ?? {})}\n`));
  }
  if (hasAnnotation(context, Annotation.bootstrapOverride)) {
    env.push(literal('ISTIO_BOOTSTRAP_OVERRIDE', '/etc/istio/custom-bootstrap/custom_bootstrap.json'));
  }
  if (values.sdsCustomTokenDirectory) {
    env.push(literal('ISTIO_META_SDS_TOKEN_PATH', `${values.sdsCustomTokenDirectory}/sdstoken`));
  }
  return env;
}
