import { Annotation } from './annotations';
import type { Container } from './kube-types';
import {
  annotationOr,
  hasAnnotation,
  imageRef,
  interceptionMode,
  statusPortText,
  type TemplateContext,
} from './template-context';
import { excludeInboundPort, includeInboundPorts } from './traffic-ports';

// The init containers of Istio 1.2's injection-template.yaml: istio-init programs iptables
// (proxy_init's istio-iptables.sh flags), enable-core-dump is opt-in.

function istioIptablesArgs(context: TemplateContext): string[] {
  const { values, spec } = context;
  const args = [
    '-p', '15001',
    '-u', '1337',
    '-m', interceptionMode(context),
    '-i', annotationOr(context, Annotation.includeOutboundIPRanges, values.includeIPRanges),
    '-x', annotationOr(context, Annotation.excludeOutboundIPRanges, values.excludeIPRanges),
    '-b', annotationOr(context, Annotation.includeInboundPorts, includeInboundPorts(spec.containers)),
    '-d', excludeInboundPort(statusPortText(context), annotationOr(context, Annotation.excludeInboundPorts, values.excludeInboundPorts)),
  ];
  if (hasAnnotation(context, Annotation.excludeOutboundPorts) || values.excludeOutboundPorts !== '') {
    args.push('-o', annotationOr(context, Annotation.excludeOutboundPorts, values.excludeOutboundPorts));
  }
  if (hasAnnotation(context, Annotation.kubevirtInterfaces)) {
    args.push('-k', annotationOr(context, Annotation.kubevirtInterfaces, ''));
  }
  return args;
}

function istioInit(context: TemplateContext): Container {
  const { values } = context;
  const container: Container = {
    name: 'istio-init',
    image: imageRef(values, values.proxyInitImage),
    args: istioIptablesArgs(context),
    imagePullPolicy: values.imagePullPolicy,
    resources: { requests: { cpu: '10m', memory: '10Mi' }, limits: { cpu: '100m', memory: '50Mi' } },
    securityContext: {
      runAsUser: 0,
      runAsNonRoot: false,
      capabilities: { add: ['NET_ADMIN'] },
      ...(values.privileged && { privileged: true }),
    },
  };
  // A "*" inbound capture list makes Envoy take inbound traffic on its own port (15006).
  if (annotationOr(context, Annotation.includeInboundPorts, '').includes('*')) {
    container.env = [{ name: 'INBOUND_CAPTURE_PORT', value: '15006' }];
  }
  return container;
}

function enableCoreDump(context: TemplateContext): Container {
  return {
    name: 'enable-core-dump',
    args: ['-c', 'sysctl -w kernel.core_pattern=/var/lib/istio/core.proxy && ulimit -c unlimited'],
    command: ['/bin/sh'],
    image: imageRef(context.values, context.values.proxyInitImage),
    imagePullPolicy: 'IfNotPresent',
    resources: {},
    securityContext: { runAsUser: 0, runAsNonRoot: false, privileged: true },
  };
}

export function buildInitContainers(context: TemplateContext): Container[] {
  const { values } = context;
  const containers: Container[] = [];
  // With the CNI plugin the node programs iptables, so istio-init is not needed.
  if (!values.istioCniEnabled && interceptionMode(context) !== 'NONE') containers.push(istioInit(context));
  if (values.enableCoreDump) containers.push(enableCoreDump(context));
  return containers;
}
