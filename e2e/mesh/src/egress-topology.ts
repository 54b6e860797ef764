// Who is where in the egress gateway e2e, and the Kubernetes objects (Pods, the egress gateway's
// Service and Endpoints) galley lists for them. Istio's own YAML for the task is in ../egress/.
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXTERNAL_HOST = 'edition.example.test';
/** The port of the ServiceEntry, which the client asks for (the task's plain-HTTP port). */
export const EXTERNAL_SERVICE_PORT = 80;
/** The egress gateway's Gateway server and Service port (80 in Istio's chart; see gateway.yaml). */
export const GATEWAY_PORT = 8080;
export const GATEWAY_HOST = 'istio-egressgateway.istio-system.svc.cluster.local';

export interface ProxyPod {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Where the proxy binds its listeners, admin (15000) and status (15020) ports. */
  readonly podIp: string;
  readonly router: boolean;
}

export interface EgressTopology {
  /** The task's `sleep` pod: the test itself is its app, sending through the sidecar's :15001. */
  readonly client: ProxyPod;
  readonly gateway: ProxyPod;
  /** Where the "external" server listens: outside the mesh, no sidecar in front of it. */
  readonly externalIp: string;
}

/**
 * A /24 of 127.0.0.0/8 picked at random, so the proxies' fixed Istio ports (15000, 15001, 15020,
 * 8080) never meet another test's or the local mesh's.
 */
export function makeEgressTopology(): EgressTopology {
  const net = `127.${randomInt(100, 250)}.${randomInt(1, 250)}`;
  return {
    client: { name: 'sleep-v1', namespace: 'default', serviceAccount: 'sleep', labels: { app: 'sleep' }, podIp: `${net}.10`, router: false },
    gateway: {
      name: 'istio-egressgateway',
      namespace: 'istio-system',
      serviceAccount: 'istio-egressgateway-service-account',
      labels: { app: 'istio-egressgateway', istio: 'egressgateway' },
      podIp: `${net}.20`,
      router: true,
    },
    externalIp: `${net}.30`,
  };
}

function podYaml(p: ProxyPod): string {
  const labels = Object.entries(p.labels).map(([k, v]) => `${k}: ${v}`).join(', ');
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: ${p.name}, namespace: ${p.namespace}, labels: {${labels}}}\nspec:\n  serviceAccountName: ${p.serviceAccount}\n  containers: [{name: istio-proxy, image: tsmesh/sidecar}]\nstatus: {podIP: ${p.podIp}}\n`;
}

/** The two pods, and the egress gateway's Service (as Istio 1.2's chart, on 8080) with its Endpoints. */
export function workloadsYaml(t: EgressTopology): string {
  const gw = t.gateway;
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${gw.name}, namespace: ${gw.namespace}, labels: {app: istio-egressgateway, istio: egressgateway}}\nspec:\n  selector: {app: istio-egressgateway, istio: egressgateway}\n  ports: [{name: http2, port: ${GATEWAY_PORT}}]\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${gw.name}, namespace: ${gw.namespace}}\nsubsets:\n- addresses:\n  - {ip: ${gw.podIp}, targetRef: {kind: Pod, name: ${gw.name}, namespace: ${gw.namespace}}}\n  ports: [{name: http2, port: ${GATEWAY_PORT}}]\n`,
    podYaml(t.client),
    podYaml(gw),
  ].join('---\n');
}

/** One of the task's YAML files from e2e/mesh/egress, with `${NAME}` filled from `values`. */
export function taskYaml(file: 'service-entry.yaml' | 'gateway.yaml' | 'virtual-service.yaml', values: Readonly<Record<string, string>> = {}): string {
  const text = readFileSync(join(__dirname, '../egress', file), 'utf8');
  return text.replace(/\$\{([A-Z_]+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${file}: no value for ${whole}`);
    return value;
  });
}
