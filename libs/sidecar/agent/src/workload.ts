/** Who this sidecar serves: what pilot-agent knows from the pod's downward API. */
export interface WorkloadInfo {
  readonly podName: string;
  readonly namespace: string;
  readonly podIp: string;
  readonly serviceAccount: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly trustDomain: string;
  readonly domainSuffix: string;
}

/** `kubernetes://<pod>.<namespace>`: the uid Istio 1.2 gives a workload in Mixer attributes. */
export function workloadUid(w: WorkloadInfo): string {
  return `kubernetes://${w.podName}.${w.namespace}`;
}

/** Istio 1.2 node id: `sidecar~<ip>~<pod>.<namespace>~<namespace>.svc.<domain>`. */
export function nodeId(w: WorkloadInfo): string {
  return `sidecar~${w.podIp}~${w.podName}.${w.namespace}~${w.namespace}.svc.${w.domainSuffix}`;
}

/** Envoy service cluster as the injector sets it: `<app label or pod name>.<namespace>`. */
export function serviceCluster(w: WorkloadInfo): string {
  return `${w.labels['app'] ?? w.podName}.${w.namespace}`;
}

export function spiffeId(w: WorkloadInfo): string {
  return `spiffe://${w.trustDomain}/ns/${w.namespace}/sa/${w.serviceAccount}`;
}
