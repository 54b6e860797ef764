import { randomInt } from 'node:crypto';

export const NAMESPACE = 'rel';
export const SERVICE = 'backend';
export const SERVICE_PORT = 8080;
/** What the client app puts in Host when it sends through its sidecar's virtual listener (:15001). */
export const SERVICE_AUTHORITY = `${SERVICE}.${NAMESPACE}.svc.cluster.local:${SERVICE_PORT}`;
export const SERVICE_HOST = `${SERVICE}.${NAMESPACE}.svc.cluster.local`;

export interface Pod {
  readonly name: string;
  readonly app: string;
  readonly version: string;
  /** Where the pod's sidecar binds its listeners, admin and status ports. */
  readonly podIp: string;
  /** Where the pod's application listens (only backends have one). */
  readonly appHost: string;
}

export interface Topology {
  readonly client: Pod;
  readonly backends: readonly [Pod, Pod];
}

/**
 * One client pod and two backend pods on a /24 of 127.0.0.0/8 picked at random, so the sidecars'
 * fixed Istio ports (15000, 15001, 15020, 15090, 8080) never meet another test's or the local mesh's.
 */
export function makeTopology(): Topology {
  const net = `127.${randomInt(100, 250)}.${randomInt(1, 250)}`;
  const backend = (n: 1 | 2): Pod => ({ name: `backend-v${n}`, app: SERVICE, version: `v${n}`, podIp: `${net}.${10 + n}`, appHost: `${net}.${20 + n}` });
  return {
    client: { name: 'client-v1', app: 'client', version: 'v1', podIp: `${net}.10`, appHost: `${net}.30` },
    backends: [backend(1), backend(2)],
  };
}

function podYaml(p: Pod): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${p.name}, namespace: ${NAMESPACE}, labels: {app: ${p.app}, version: ${p.version}}}\nspec:\n  serviceAccountName: ${p.app}\n  containers: [{name: ${p.app}, image: ${p.app}}]\nstatus: {podIP: ${p.podIp}}\n`;
}

/** The Service, its Endpoints (both backend pods) and the Pods, as the Kubernetes API would list them. */
export function workloadsYaml(t: Topology): string {
  const addresses = t.backends.map((b) => `  - {ip: ${b.podIp}, targetRef: {kind: Pod, name: ${b.name}, namespace: ${NAMESPACE}}}`).join('\n');
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${SERVICE}, namespace: ${NAMESPACE}, labels: {app: ${SERVICE}}}\nspec:\n  selector: {app: ${SERVICE}}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${SERVICE}, namespace: ${NAMESPACE}}\nsubsets:\n- addresses:\n${addresses}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
    ...[t.client, ...t.backends].map(podYaml),
  ].join('---\n');
}

const DR_HEAD = `apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: ${SERVICE}, namespace: ${NAMESPACE}}\nspec:\n  host: ${SERVICE_HOST}\n`;
const VS_HEAD = `apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: ${SERVICE}, namespace: ${NAMESPACE}}\nspec:\n  hosts: [${SERVICE_HOST}]\n  http:\n`;

export const OUTLIER = { consecutiveErrors: 3, intervalMs: 1_000, baseEjectionMs: 3_000 } as const;

/** Eject a backend after 3 consecutive gateway errors, sweep every 1 s, keep it out 3 s (× ejections). */
export function outlierDetectionYaml(): string {
  return (
    DR_HEAD +
    `  trafficPolicy:\n    outlierDetection: {consecutiveErrors: ${OUTLIER.consecutiveErrors}, interval: ${OUTLIER.intervalMs / 1000}s, baseEjectionTime: ${OUTLIER.baseEjectionMs / 1000}s, maxEjectionPercent: 100}\n`
  );
}

/** Subsets v1 and v2 by the pods' version label. */
export function subsetsYaml(): string {
  return DR_HEAD + `  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n`;
}

/** A route timeout for every request to the backend. */
export function timeoutVirtualServiceYaml(timeoutMs: number): string {
  return VS_HEAD + `  - timeout: ${timeoutMs / 1000}s\n    route: [{destination: {host: ${SERVICE_HOST}}}]\n`;
}

export const ROUTE_HEADER = 'x-reliability-route';

/** `x-reliability-route: v2` goes to subset v2, everything else to v1. */
export function headerRouteVirtualServiceYaml(): string {
  return (
    VS_HEAD +
    `  - match: [{headers: {${ROUTE_HEADER}: {exact: v2}}}]\n    route: [{destination: {host: ${SERVICE_HOST}, subset: v2}}]\n` +
    `  - route: [{destination: {host: ${SERVICE_HOST}, subset: v1}}]\n`
  );
}
