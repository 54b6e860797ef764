import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

export interface Workload {
  readonly name: string;
  readonly app: string;
  readonly version: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podIp: string;
  readonly appHost: string;
  readonly ports: readonly number[];
}

const FIELDS = ['name', 'app', 'version', 'namespace', 'serviceAccount', 'podIp', 'appHost'] as const;

/** Reads the demo workloads file; every problem names the workload index and field. */
export async function loadWorkloads(file: string): Promise<Workload[]> {
  const doc = parse(await readFile(file, 'utf8')) as { workloads?: unknown };
  if (!Array.isArray(doc?.workloads)) throw new Error(`${file}: expected a top-level "workloads" list`);
  return doc.workloads.map((raw: Record<string, unknown>, i: number) => {
    for (const field of FIELDS) {
      if (typeof raw?.[field] !== 'string' || raw[field] === '') throw new Error(`${file}: workloads[${i}].${field}: required string`);
    }
    const ports = raw['ports'];
    if (!Array.isArray(ports) || ports.length === 0 || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
      throw new Error(`${file}: workloads[${i}].ports: expected a list of port numbers`);
    }
    if (!/^127\.\d+\.\d+\.\d+$/.test(String(raw['podIp']))) throw new Error(`${file}: workloads[${i}].podIp: must be a 127.x.y.z address`);
    return raw as unknown as Workload;
  });
}
