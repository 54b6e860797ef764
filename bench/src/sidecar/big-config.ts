import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@tsmesh/shared-testing';
import { SERVICE_PORT } from './mesh';

export const BIG_SERVICES = 1000;
const NAMESPACES = 10;
const ENDPOINTS_PER_SERVICE = 2;

const serviceName = (i: number) => `svc-${i}`;
const namespaceOf = (i: number) => `big-${i % NAMESPACES}`;
const endpointIp = (i: number, e: number) => `10.${100 + Math.floor(i / 250)}.${i % 250}.${e + 1}`;

/** `count` Services with their Endpoints (no Sidecar scoping, so every proxy gets all of them), as YAML. */
export function bigConfigYaml(count = BIG_SERVICES): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++) {
    const [name, ns] = [serviceName(i), namespaceOf(i)];
    const addresses = Array.from({ length: ENDPOINTS_PER_SERVICE }, (_, e) => `  - {ip: ${endpointIp(i, e)}}`).join('\n');
    docs.push(
      `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
      `apiVersion: v1\nkind: Endpoints\nmetadata: {name: ${name}, namespace: ${ns}}\nsubsets:\n- addresses:\n${addresses}\n  ports: [{name: http, port: ${SERVICE_PORT}}]\n`,
    );
  }
  return docs.join('---\n');
}

/**
 * Writes the 1000 services into galley's directory and waits until the sidecar holds the last
 * one's cluster with its endpoint (so CDS and EDS for all of them were applied and ACKed).
 * Returns how long that took, in ms.
 */
export async function loadBigConfig(configDir: string, adminUrl: string): Promise<number> {
  const start = Date.now();
  await writeFile(join(configDir, 'big-config.yaml'), bigConfigYaml());
  const last = BIG_SERVICES - 1;
  const hostLine = `outbound|${SERVICE_PORT}||${serviceName(last)}.${namespaceOf(last)}.svc.cluster.local::${endpointIp(last, ENDPOINTS_PER_SERVICE - 1)}:${SERVICE_PORT}::`;
  await waitFor(async () => (await (await fetch(`${adminUrl}/clusters`)).text()).includes(hostLine), { timeoutMs: 180_000, intervalMs: 1000, what: `the sidecar has ${BIG_SERVICES} services` });
  return Date.now() - start;
}
