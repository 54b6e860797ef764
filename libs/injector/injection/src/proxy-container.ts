import { ValidationError } from '@tsmesh/shared-errors';
import { Annotation } from './annotations';
import type { Container, ResourceRequirements } from './kube-types';
import { proxyArgs } from './proxy-args';
import { proxyEnv } from './proxy-env';
import { canonicalQuantity } from './resource-quantity';
import { proxyVolumeMounts } from './sidecar-volumes';
import {
  annotationOr,
  hasAnnotation,
  interceptionMode,
  intOrString,
  statusPortText,
  type TemplateContext,
} from './template-context';
import { PROXY_CONTAINER_NAME } from './traffic-ports';

// The istio-proxy container of Istio 1.2's injection template.

function proxyImage(context: TemplateContext): string {
  const { values } = context;
  // The proxyImage annotation replaces the whole image when the chart's image is a full
  // reference, and only the hub otherwise, exactly as the 1.2 template does.
  if (values.proxyImage.includes('/')) return annotationOr(context, Annotation.proxyImage, values.proxyImage);
  const hub = annotationOr(context, Annotation.proxyImage, values.hub);
  return `${hub}/${values.proxyImage}:${values.tag}`;
}

function readinessProbe(context: TemplateContext, statusPort: string): Container['readinessProbe'] {
  const { values } = context;
  return {
    httpGet: { path: '/healthz/ready', port: intOrString(statusPort) },
    initialDelaySeconds: Number(annotationOr(context, Annotation.readinessInitialDelaySeconds, values.readinessInitialDelaySeconds)),
    periodSeconds: Number(annotationOr(context, Annotation.readinessPeriodSeconds, values.readinessPeriodSeconds)),
    failureThreshold: Number(annotationOr(context, Annotation.readinessFailureThreshold, values.readinessFailureThreshold)),
  };
}

function securityContext(context: TemplateContext): Record<string, unknown> {
  const { values } = context;
  const security: Record<string, unknown> = {};
  if (values.privileged) security['privileged'] = true;
  if (!values.enableCoreDump) security['readOnlyRootFilesystem'] = true;
  if (interceptionMode(context) === 'TPROXY') {
    // TPROXY needs NET_ADMIN in the proxy and traffic marked by group, not user.
    security['capabilities'] = { add: ['NET_ADMIN'] };
    security['runAsGroup'] = 1337;
  } else {
    if (values.sdsEnabled && values.sdsUseTrustworthyJwt) security['runAsGroup'] = 1337;
    security['runAsUser'] = 1337;
  }
  return security;
}

function annotatedQuantity(context: TemplateContext, name: string): string {
  const text = annotationOr(context, name, '');
  try {
    return canonicalQuantity(text);
  } catch (error) {
    throw new ValidationError(`invalid value '${text}' for annotation '${name}': ${(error as Error).message}`, {
      field: `metadata.annotations.${name}`,
    });
  }
}

function resources(context: TemplateContext): ResourceRequirements {
  const cpu = hasAnnotation(context, Annotation.proxyCPU);
  const memory = hasAnnotation(context, Annotation.proxyMemory);
  if (!cpu && !memory) return structuredClone(context.values.proxyResources);
  return {
    requests: {
      ...(cpu && { cpu: annotatedQuantity(context, Annotation.proxyCPU) }),
      ...(memory && { memory: annotatedQuantity(context, Annotation.proxyMemory) }),
    },
  };
}

export function buildProxyContainer(context: TemplateContext): Container {
  const statusPort = statusPortText(context);
  return {
    name: PROXY_CONTAINER_NAME,
    image: proxyImage(context),
    ports: [{ containerPort: 15090, protocol: 'TCP', name: 'http-envoy-prom' }],
    args: proxyArgs(context),
    env: proxyEnv(context),
    imagePullPolicy: context.values.imagePullPolicy,
    ...(statusPort !== '0' && { readinessProbe: readinessProbe(context, statusPort) }),
    securityContext: securityContext(context),
    resources: resources(context),
    volumeMounts: proxyVolumeMounts(context),
  };
}
