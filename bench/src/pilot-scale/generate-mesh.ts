import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The shape of the generated mesh; `services * endpointsPerService` endpoints in all. */
export interface MeshShape {
  readonly services: number;
  readonly endpointsPerService: number;
  readonly namespaces: number;
  /** Namespaces ns-0..ns-(n-1) get a Sidecar scoping egress to `./*` and `istio-system/*`. */
  readonly scopedNamespaces: number;
}

export interface GeneratedMesh {
  readonly services: number;
  readonly endpoints: number;
  readonly files: number;
  readonly virtualServiceFile: string;
  readonly meshRuleFile: string;
}

export const SERVICE_PORT = 9080;
/** Services added in istio-system, which every proxy sees (scoped or not), to force full pushes. */
export const ROUND_NAMESPACE = 'istio-system';

const nsOf = (i: number, shape: MeshShape) => `ns-${i % shape.namespaces}`;

function serviceDocs(i: number, shape: MeshShape): string[] {
  const name = `svc-${i}`;
  const ns = nsOf(i, shape);
  const docs = [`apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nspec:\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n  selector: {app: ${name}}\n`];
  const addresses: string[] = [];
  for (let e = 0; e < shape.endpointsPerService; e++) {
    const pod = `${name}-${e}`;
    const ip = endpointIp(i, e);
    const version = e % 2 === 0 ? 'v1' : 'v2';
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}, namespace: ${ns}, labels: {app: ${name}, version: ${version}}}\nspec:\n  containers: [{name: app, image: app}]\nstatus: {podIP: ${ip}}\n`);
    addresses.push(`  - {ip: ${ip}, targetRef: {kind: Pod, name: ${pod}, namespace: ${ns}}}`);
  }
  docs.push(`apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}, namespace: ${ns}}\nsubsets:\n- addresses:\n${addresses.join('\n')}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`);
  // Every 10th service gets routing config, like a mesh where some services have traffic rules.
  if (i % 10 === 0) {
    docs.push(`apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  host: ${name}\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n`);
    docs.push(`apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  hosts: [${name}]\n  http:\n  - match: [{headers: {end-user: {exact: jason}}}]\n    route: [{destination: {host: ${name}, subset: v2}}]\n  - route:\n    - {destination: {host: ${name}, subset: v1}, weight: 90}\n    - {destination: {host: ${name}, subset: v2}, weight: 10}\n`);
  }
  return docs;
}

/** 10.0.0.0/8 address of endpoint `e` of service `i` (up to 250 endpoints per service). */
export function endpointIp(i: number, e: number): string {
  return `10.${Math.floor(i / 250) % 200}.${i % 250}.${e + 1}`;
}

/** A Service + Endpoints in istio-system; writing a new one is a registry change every proxy sees. */
export function roundServiceDocs(name: string, ips: readonly string[]): string {
  const addresses = ips.map((ip) => `  - {ip: ${ip}}`).join('\n');
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ROUND_NAMESPACE}}\nspec:\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}, namespace: ${ROUND_NAMESPACE}}\nsubsets:\n- addresses:\n${addresses}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
  ].join('---\n');
}

/** A mesh-wide DestinationRule (root namespace, host *.local): a change to it touches every cluster. */
export function meshRuleDoc(maxConnections: number): string {
  return `apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: mesh-wide, namespace: ${ROUND_NAMESPACE}}\nspec:\n  host: "*.local"\n  trafficPolicy: {connectionPool: {tcp: {maxConnections: ${maxConnections}}}}\n`;
}

/** Writes the mesh into `dir`, 20 services per file, grouped by namespace. */
export async function generateMesh(dir: string, shape: MeshShape): Promise<GeneratedMesh> {
  let files = 0;
  for (let start = 0; start < shape.services; start += 20) {
    const docs: string[] = [];
    for (let i = start; i < Math.min(shape.services, start + 20); i++) docs.push(...serviceDocs(i, shape));
    const sub = join(dir, `group-${Math.floor(start / 20) % 10}`);
    await mkdir(sub, { recursive: true });
    await writeFile(join(sub, `services-${start}.yaml`), docs.join('---\n'));
    files++;
  }
  const scoped: string[] = [];
  for (let n = 0; n < shape.scopedNamespaces; n++) {
    scoped.push(`apiVersion: networking.istio.io/v1alpha3\nkind: Sidecar\nmetadata: {name: default, namespace: ns-${n}}\nspec:\n  egress:\n  - hosts: ["./*", "${ROUND_NAMESPACE}/*"]\n`);
  }
  if (scoped.length > 0) {
    await writeFile(join(dir, 'sidecars.yaml'), scoped.join('---\n'));
    files++;
  }
  const meshRuleFile = join(dir, 'mesh-wide-rule.yaml');
  await writeFile(meshRuleFile, meshRuleDoc(100));
  await writeFile(join(dir, 'round-eds.yaml'), roundServiceDocs('bench-eds', ['10.250.0.1', '10.250.0.2']));
  files += 2;
  return { services: shape.services, endpoints: shape.services * shape.endpointsPerService, files, virtualServiceFile: join(dir, 'group-0', 'services-0.yaml'), meshRuleFile };
}
