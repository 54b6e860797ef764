/** Who this sidecar serves: what pilot-agent knows from the pod's downward API. */
export interface WorkloadInfo {
  readonly podName: string;
  readonly namespace: string;
  readonly podIp: string;
  readonly serviceAccount: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly trustDomain: string;
  readonly domainSuffix: string;
  /** pilot-agent's `proxy sidecar` or `proxy router` (gateways); defaults to sidecar. */
  readonly proxyType?: 'sidecar' | 'router';
}

/** `kubernetes://<pod>.<namespace>`: the uid Istio 1.2 gives a workload in Mixer attributes. */
export function workloadUid(w: WorkloadInfo): string {
  return `kubernetes://${w.podName}.${w.namespace}`;
}

/** Istio 1.2 node id: `sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>` (`router~…` for gateways). */
export function nodeId(w: WorkloadInfo): string {
  return `${w.proxyType ?? 'sidecar'}~${w.podIp}~${w.podName}.${w.namespace}~${w.namespace}.svc.${w.domainSuffix}`;
}

/** Envoy service cluster as the injector sets it: `<app label or pod name>.<namespace>`. */
export function serviceCluster(w: WorkloadInfo): string {
  return `${w.labels['app'] ?? w.podName}.${w.namespace}`;
}

export function spiffeId(w: WorkloadInfo): string {
  return `spiffe://${w.trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`;
}

export interface BootstrapExtras {
  /** tsmesh's version; sent as ISTIO_PROXY_VERSION-style metadata next to ISTIO_VERSION. */
  readonly tsmeshVersion: string;
  readonly interceptionMode: string;
  readonly locality?: { readonly region: string; readonly zone: string; readonly subZone: string };
}

/** Istio 1.2's pilot-agent reports this Istio version in node metadata; pilot keys features on it. */
export const COMPATIBLE_ISTIO_VERSION = '1.2.10';

/**
 * The node metadata pilot-agent's bootstrap gives Envoy (ISTIO_META_* env and the downward
 * API): what pilot reads to pick the proxy's namespace, labels, IPs and version.
 */
export function nodeMetadata(w: WorkloadInfo, extras: BootstrapExtras): Record<string, string> {
  return {
    ISTIO_VERSION: COMPATIBLE_ISTIO_VERSION,
    TSMESH_VERSION: extras.tsmeshVersion,
    CONFIG_NAMESPACE: w.namespace,
    NAMESPACE: w.namespace,
    POD_NAME: w.podName,
    INSTANCE_IPS: w.podIp,
    SERVICE_ACCOUNT: w.serviceAccount,
    LABELS: JSON.stringify(w.labels),
    INTERCEPTION_MODE: extras.interceptionMode,
  };
}

/** Envoy's locality from `region/zone/subzone` (pilot-agent's ISTIO_LOCALITY form); undefined when empty. */
export function parseLocality(value: string): { region: string; zone: string; subZone: string } | undefined {
  if (!value) return undefined;
  const [region = '', zone = '', subZone = ''] = value.split('/');
  return { region, zone, subZone };
}
