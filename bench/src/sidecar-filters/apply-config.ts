import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'undici';
import { waitFor } from '@tsmesh/shared-testing';
import { NAMESPACE } from '../sidecar/mesh';
import { type FilterConfig, type Probe, virtualServiceYaml, vsName } from './configs';

const VS_FILE = 'filters-virtual-service.yaml';

/**
 * Replaces the bench's VirtualService in galley's directory with `config`'s (the same file
 * rewritten in place, so the previous configuration's VirtualService is gone in the same snapshot;
 * one small write, which galley reads after its debounce),
 * then waits until the client sidecar's /config_dump holds the new route
 * (`<namespace>/<vs>#0`) and every probe answers as the configuration says it must. Returns the
 * time that took, in ms.
 */
export async function applyConfig(configDir: string, adminUrl: string, outbound: string, config: FilterConfig): Promise<number> {
  const start = Date.now();
  await writeFile(join(configDir, VS_FILE), virtualServiceYaml(config));
  const marker = JSON.stringify(`${NAMESPACE}/${vsName(config)}#0`);
  await waitFor(async () => (await (await fetch(`${adminUrl}/config_dump`)).text()).includes(marker), {
    timeoutMs: 30_000,
    intervalMs: 100,
    what: `the sidecar has route ${marker}`,
  });
  const host = `${config.service}.${NAMESPACE}.svc.cluster.local:8080`;
  for (const probe of config.probes) {
    await waitFor(() => probeAnswers(outbound, host, probe), { timeoutMs: 10_000, intervalMs: 100, what: `${config.name}: ${describe(probe)}` });
  }
  return Date.now() - start;
}

async function probeAnswers(outbound: string, host: string, probe: Probe): Promise<boolean> {
  const res = await request(outbound, { headers: { host, ...probe.headers } });
  await res.body.dump();
  return res.statusCode === probe.status && (probe.responseHeader === undefined || res.headers[probe.responseHeader] !== undefined);
}

const describe = (p: Probe) => `a request${p.headers ? ` with ${JSON.stringify(p.headers)}` : ''} gets ${p.status}${p.responseHeader ? ` and ${p.responseHeader}` : ''}`;
