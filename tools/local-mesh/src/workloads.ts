import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

interface WorkloadBase {
  readonly name: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly podIp: string;
  readonly ports: readonly number[];
}

/** A Bookinfo service: its app process behind an injected sidecar, labelled app/version. */
export interface AppWorkload extends WorkloadBase {
  readonly proxyType: 'sidecar';
  readonly app: string;
  readonly version: string;
  readonly appHost: string;
}

/** A gateway pod as Istio deploys it: only the proxy, in router mode, with its own labels. */
export interface GatewayWorkload extends WorkloadBase {
  readonly proxyType: 'router';
  readonly labels: Readonly<Record<string, string>>;
}

export type Workload = AppWorkload | GatewayWorkload;

const COMMON = ['name', 'namespace', 'serviceAccount', 'podIp'] as const;
const APP_FIELDS = ['app', 'version', 'appHost'] as const;

/** Reads the demo workloads file; every problem names the workload index and field. */
export async function loadWorkloads(file: string): Promise<Workload[]> {
  const doc = parse(await readFile(file, 'utf8')) as { workloads?: unknown };
  if (!Array.isArray(doc?.workloads)) throw new Error(`${file}: expected a top-level "workloads" list`);
  return doc.workloads.map((raw: Record<string, unknown>, i: number) => {
    const where = `${file}: workloads[${i}]`;
    const proxyType = raw?.['proxyType'] ?? 'sidecar';
    if (proxyType !== 'sidecar' && proxyType !== 'router') throw new Error(`${where}.proxyType: must be sidecar or router`);
    for (const field of proxyType === 'sidecar' ? [...COMMON, ...APP_FIELDS] : COMMON) {
      if (typeof raw?.[field] !== 'string' || raw[field] === '') throw new Error(`${where}.${field}: required string`);
    }
    const ports = raw['ports'];
    if (!Array.isArray(ports) || ports.length === 0 || !ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
      throw new Error(`${where}.ports: expected a list of port numbers`);
    }
    if (!/^127\.\d+\.\d+\.\d+$/.test(String(raw['podIp']))) throw new Error(`${where}.podIp: must be a 127.x.y.z address`);
    if (proxyType === 'router') {
      const labels = raw['labels'];
      if (typeof labels !== 'object' || labels === null || Object.keys(labels).length === 0 || !Object.values(labels).every((v) => typeof v === 'string')) {
        throw new Error(`${where}.labels: a router needs its labels (a map of strings) for Gateway selectors`);
      }
    }
    return { ...raw, proxyType } as unknown as Workload;
  });
}

/** The labels the sidecar reports to pilot: app/version for a service, the gateway's own otherwise. */
export function workloadLabels(w: Workload): Readonly<Record<string, string>> {
  return w.proxyType === 'router' ? w.labels : { app: w.app, version: w.version };
}
