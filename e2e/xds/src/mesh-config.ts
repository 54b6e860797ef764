import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const NAMESPACE = 'default';
export const HOST = `greeter.${NAMESPACE}.svc.cluster.local`;

export interface Backend {
  readonly version: string;
  readonly ip: string;
}

/** Kubernetes Service, Pods and Endpoints for the greeter backends, as a cluster would publish them. */
export function workloadYaml(port: number, backends: readonly Backend[]): string {
  const docs = [`apiVersion: v1\nkind: Service\nmetadata: {name: greeter, namespace: ${NAMESPACE}, labels: {app: greeter}}\nspec:\n  selector: {app: greeter}\n  ports: [{name: grpc, port: ${port}, targetPort: ${port}}]\n`];
  for (const b of backends) {
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: greeter-${b.version}, namespace: ${NAMESPACE}, labels: {app: greeter, version: ${b.version}}}\nspec:\n  containers: [{name: greeter, image: greeter}]\nstatus: {podIP: ${b.ip}}\n`);
  }
  const addresses = backends.map((b) => `  - {ip: ${b.ip}, targetRef: {kind: Pod, name: greeter-${b.version}, namespace: ${NAMESPACE}}}`).join('\n');
  docs.push(`apiVersion: v1\nkind: Endpoints\nmetadata: {name: greeter, namespace: ${NAMESPACE}}\nsubsets:\n- addresses:\n${addresses}\n  ports: [{name: grpc, port: ${port}}]\n`);
  return docs.join('---\n');
}

export function destinationRuleYaml(versions: readonly string[]): string {
  const subsets = versions.map((v) => `  - {name: ${v}, labels: {version: ${v}}}`).join('\n');
  return `apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: greeter, namespace: ${NAMESPACE}}\nspec:\n  host: ${HOST}\n  subsets:\n${subsets}\n`;
}

/** x-user: jason goes to v2; everyone else is split by `weights` (subset -> percent). */
export function virtualServiceYaml(weights: Readonly<Record<string, number>>): string {
  const routes = Object.entries(weights).map(([subset, weight]) => `    - {destination: {host: ${HOST}, subset: ${subset}}, weight: ${weight}}`).join('\n');
  return (
    `apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: greeter, namespace: ${NAMESPACE}}\nspec:\n  hosts: [${HOST}]\n  http:\n` +
    `  - match: [{headers: {x-user: {exact: jason}}}]\n    route: [{destination: {host: ${HOST}, subset: v2}}]\n` +
    `  - route:\n${routes}\n`
  );
}

export async function writeMeshConfig(dir: string, port: number, backends: readonly Backend[], weights: Readonly<Record<string, number>>): Promise<string> {
  await writeFile(join(dir, 'greeter-workloads.yaml'), workloadYaml(port, backends));
  await writeFile(join(dir, 'greeter-destination-rule.yaml'), destinationRuleYaml(backends.map((b) => b.version)));
  const vsFile = join(dir, 'greeter-virtual-service.yaml');
  await writeFile(vsFile, virtualServiceYaml(weights));
  return vsFile;
}
