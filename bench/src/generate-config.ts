import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Bookinfo-like config: per service a Service, Endpoints, VirtualService and DestinationRule. */
function serviceDocs(ns: string, name: string, index: number): string[] {
  const ip = `10.${Math.floor(index / 250) % 250}.${index % 250}`;
  return [
    `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nspec:\n  ports: [{name: http, port: 9080}]\n  selector: {app: ${name}}\n`,
    `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}, namespace: ${ns}}\nsubsets:\n- addresses: [{ip: ${ip}.1}, {ip: ${ip}.2}]\n  ports: [{name: http, port: 9080}]\n`,
    `apiVersion: networking.istio.io/v1alpha3\nkind: VirtualService\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  hosts: [${name}]\n  http:\n  - match: [{headers: {end-user: {exact: jason}}}]\n    route: [{destination: {host: ${name}, subset: v2}}]\n  - route:\n    - {destination: {host: ${name}, subset: v1}, weight: 90}\n    - {destination: {host: ${name}, subset: v2}, weight: 10}\n    retries: {attempts: 3, perTryTimeout: 2s}\n`,
    `apiVersion: networking.istio.io/v1alpha3\nkind: DestinationRule\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  host: ${name}\n  trafficPolicy: {connectionPool: {tcp: {maxConnections: 100}}}\n  subsets:\n  - {name: v1, labels: {version: v1}}\n  - {name: v2, labels: {version: v2}}\n`,
  ];
}

export interface GeneratedConfig {
  readonly resources: number;
  readonly files: string[];
}

/** Writes `resources` objects (a multiple of 4) into files of `perFile` services, across `namespaces`. */
export async function generateConfig(dir: string, resources: number, namespaces: number, servicesPerFile: number): Promise<GeneratedConfig> {
  const services = Math.ceil(resources / 4);
  const files: string[] = [];
  for (let start = 0; start < services; start += servicesPerFile) {
    const docs: string[] = [];
    for (let i = start; i < Math.min(services, start + servicesPerFile); i++) docs.push(...serviceDocs(`ns-${i % namespaces}`, `svc-${i}`, i));
    const nsDir = join(dir, `group-${Math.floor(start / servicesPerFile) % 10}`);
    await mkdir(nsDir, { recursive: true });
    const file = join(nsDir, `services-${start}.yaml`);
    await writeFile(file, docs.join('---\n'));
    files.push(file);
  }
  return { resources: services * 4, files };
}
