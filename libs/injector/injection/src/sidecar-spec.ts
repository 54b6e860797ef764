import type { Container, LocalObjectReference, PodDnsConfig, Volume } from './kube-types';

/** What a template renders for one pod: Istio's SidecarInjectionSpec. */
export interface SidecarSpec {
  /** Whether the app's HTTP probes are redirected through the agent's status port. */
  readonly rewriteAppHTTPProbe: boolean;
  readonly initContainers: readonly Container[];
  readonly containers: readonly Container[];
  readonly volumes: readonly Volume[];
  readonly imagePullSecrets: readonly LocalObjectReference[];
  readonly dnsConfig?: PodDnsConfig;
}
