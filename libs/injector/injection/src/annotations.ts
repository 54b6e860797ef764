import { ValidationError } from '@tsmesh/shared-errors';
import {
  parsePort,
  validateExcludeInboundPorts,
  validateExcludeIPRanges,
  validateExcludeOutboundPorts,
  validateIncludeInboundPorts,
  validateIncludeIPRanges,
  validateReadinessApplicationPorts,
} from './traffic-ports';

// The pod annotations Istio 1.2 understands, and the checks it runs before injecting. A bad
// value fails injection with a message naming the annotation (TestInvalidAnnotations).

export const Annotation = {
  inject: 'sidecar.istio.io/inject',
  status: 'sidecar.istio.io/status',
  rewriteAppHTTPProbers: 'sidecar.istio.io/rewriteAppHTTPProbers',
  proxyImage: 'sidecar.istio.io/proxyImage',
  interceptionMode: 'sidecar.istio.io/interceptionMode',
  discoveryAddress: 'sidecar.istio.io/discoveryAddress',
  controlPlaneAuthPolicy: 'sidecar.istio.io/controlPlaneAuthPolicy',
  bootstrapOverride: 'sidecar.istio.io/bootstrapOverride',
  proxyCPU: 'sidecar.istio.io/proxyCPU',
  proxyMemory: 'sidecar.istio.io/proxyMemory',
  userVolume: 'sidecar.istio.io/userVolume',
  userVolumeMount: 'sidecar.istio.io/userVolumeMount',
  statusPort: 'status.sidecar.istio.io/port',
  readinessInitialDelaySeconds: 'readiness.status.sidecar.istio.io/initialDelaySeconds',
  readinessPeriodSeconds: 'readiness.status.sidecar.istio.io/periodSeconds',
  readinessFailureThreshold: 'readiness.status.sidecar.istio.io/failureThreshold',
  readinessApplicationPorts: 'readiness.status.sidecar.istio.io/applicationPorts',
  includeOutboundIPRanges: 'traffic.sidecar.istio.io/includeOutboundIPRanges',
  excludeOutboundIPRanges: 'traffic.sidecar.istio.io/excludeOutboundIPRanges',
  includeInboundPorts: 'traffic.sidecar.istio.io/includeInboundPorts',
  excludeInboundPorts: 'traffic.sidecar.istio.io/excludeInboundPorts',
  excludeOutboundPorts: 'traffic.sidecar.istio.io/excludeOutboundPorts',
  kubevirtInterfaces: 'traffic.sidecar.istio.io/kubevirtInterfaces',
} as const;

export const INTERCEPTION_MODES = ['REDIRECT', 'TPROXY', 'NONE'] as const;
export type InterceptionMode = (typeof INTERCEPTION_MODES)[number];

function validateInterceptionMode(mode: string): void {
  if (!(INTERCEPTION_MODES as readonly string[]).includes(mode)) {
    throw new Error(`interceptionMode invalid, use REDIRECT,TPROXY,NONE: ${mode}`);
  }
}

function validateStatusPort(port: string): void {
  try {
    parsePort(port);
  } catch (error) {
    throw new Error(`status port invalid: ${(error as Error).message}`);
  }
}

function validateUInt32(value: string): void {
  if (!/^\d+$/.test(value) || Number(value) > 0xffffffff) {
    throw new Error(`strconv.ParseUint: parsing "${value}": invalid syntax`);
  }
}

const VALIDATORS: Readonly<Record<string, (value: string) => void>> = {
  [Annotation.interceptionMode]: validateInterceptionMode,
  [Annotation.statusPort]: validateStatusPort,
  [Annotation.readinessInitialDelaySeconds]: validateUInt32,
  [Annotation.readinessPeriodSeconds]: validateUInt32,
  [Annotation.readinessFailureThreshold]: validateUInt32,
  [Annotation.readinessApplicationPorts]: validateReadinessApplicationPorts,
  [Annotation.includeOutboundIPRanges]: validateIncludeIPRanges,
  [Annotation.excludeOutboundIPRanges]: validateExcludeIPRanges,
  [Annotation.includeInboundPorts]: validateIncludeInboundPorts,
  [Annotation.excludeInboundPorts]: validateExcludeInboundPorts,
  [Annotation.excludeOutboundPorts]: validateExcludeOutboundPorts,
};

/** Throws one ValidationError listing every annotation whose value Istio would reject. */
export function validateAnnotations(annotations: Readonly<Record<string, string>> | undefined): void {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(annotations ?? {})) {
    try {
      VALIDATORS[name]?.(value);
    } catch (error) {
      problems.push(`invalid value '${value}' for annotation '${name}': ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) {
    throw new ValidationError(problems.join('; '), { field: 'metadata.annotations' });
  }
}
