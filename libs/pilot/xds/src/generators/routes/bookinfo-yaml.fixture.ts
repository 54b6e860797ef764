import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PilotConfig, ServiceRegistry } from '@tsmesh/pilot-registry';
import type { McpResource } from '@tsmesh/shared-mcp';
import { parseAllDocuments } from 'yaml';
import { proxyFromNode, type Proxy } from '../../proxy';
import { DEFAULT_MESH, type PushContext } from '../../push-context';

/** Istio 1.2's own samples (../shared/istio-samples), overridable as the conformance suite does. */
export const SAMPLES = process.env['ISTIO_SAMPLES'] ?? '/work/shared/istio-samples';
const BOOKINFO = join(SAMPLES, 'samples/bookinfo');

type Doc = { kind?: string; metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }; spec?: Record<string, unknown> };
const res = (name: string, body: Record<string, unknown>, labels: Record<string, string> = {}): McpResource => ({ name, version: '1', labels, annotations: {}, body });

function docs(file: string): Doc[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as Doc).filter((d) => d?.kind);
}

const COLLECTIONS: Record<string, string> = {
  VirtualService: 'istio/networking/v1alpha3/virtualservices',
  DestinationRule: 'istio/networking/v1alpha3/destinationrules',
  Gateway: 'istio/networking/v1alpha3/gateways',
  ServiceEntry: 'istio/networking/v1alpha3/serviceentries',
};

/**
 * Services, pods and endpoints from bookinfo.yaml (one pod per Deployment, IPs 10.1.0.N in
 * file order, VIPs 10.0.0.N), plus Istio's ingress gateway pod in istio-system.
 */
export function bookinfoFromYaml(): Map<string, McpResource[]> {
  const all = docs(join(BOOKINFO, 'platform/kube/bookinfo.yaml'));
  const services = all.filter((d) => d.kind === 'Service');
  const pods = all.filter((d) => d.kind === 'Deployment').map((d, i) => {
    const template = (d.spec?.['template'] ?? {}) as { metadata?: { labels?: Record<string, string> }; spec?: { serviceAccountName?: string } };
    return { name: `${d.metadata?.name ?? ''}-0`, labels: template.metadata?.labels ?? {}, sa: template.spec?.serviceAccountName, ip: `10.1.0.${i + 1}` };
  });
  const selects = (svc: Doc, labels: Record<string, string>) => Object.entries((svc.spec?.['selector'] ?? {}) as Record<string, string>).every(([k, v]) => labels[k] === v);
  const ports = (svc: Doc) => (svc.spec?.['ports'] ?? []) as Array<{ name?: string; port: number }>;
  return new Map<string, McpResource[]>([
    ['k8s/core/v1/services', [
      ...services.map((s, i) => res(`default/${s.metadata?.name ?? ''}`, { spec: { ...s.spec, clusterIP: `10.0.0.${i + 1}` } })),
      res('istio-system/istio-ingressgateway', { spec: { clusterIP: '10.0.1.1', selector: { istio: 'ingressgateway' }, ports: [{ name: 'http2', port: 80 }, { name: 'https', port: 443 }] } }),
    ]],
    ['k8s/core/v1/pods', [
      ...pods.map((p) => res(`default/${p.name}`, { spec: { serviceAccountName: p.sa } }, p.labels)),
      res('istio-system/istio-ingressgateway-0', { spec: { serviceAccountName: 'istio-ingressgateway-service-account' } }, { istio: 'ingressgateway' }),
    ]],
    ['k8s/core/v1/endpoints', [
      ...services.map((s) => res(`default/${s.metadata?.name ?? ''}`, {
        subsets: [{ addresses: pods.filter((p) => selects(s, p.labels)).map((p) => ({ ip: p.ip, targetRef: { kind: 'Pod', name: p.name } })), ports: ports(s).map((p) => ({ name: p.name, port: p.port })) }],
      })),
      res('istio-system/istio-ingressgateway', { subsets: [{ addresses: [{ ip: '10.2.0.1', targetRef: { kind: 'Pod', name: 'istio-ingressgateway-0' } }], ports: [{ name: 'http2', port: 80 }, { name: 'https', port: 443 }] }] }),
    ]],
  ]);
}

/** Adds the Istio kinds of one samples/bookinfo/networking file (in namespace default) to `state`. */
export function withSample(state: Map<string, McpResource[]>, file: string): Map<string, McpResource[]> {
  return withIstioFile(state, join('samples/bookinfo/networking', file));
}

/** Adds the Istio kinds of any YAML file under the Istio 1.2 tree (e.g. `tests/testdata/config/…`) to `state`. */
export function withIstioFile(state: Map<string, McpResource[]>, path: string): Map<string, McpResource[]> {
  const next = new Map(state);
  for (const d of docs(join(SAMPLES, path))) {
    const collection = COLLECTIONS[d.kind ?? ''];
    if (!collection) continue;
    next.set(collection, [...(next.get(collection) ?? []), res(`${d.metadata?.namespace ?? 'default'}/${d.metadata?.name ?? ''}`, d.spec ?? {})]);
  }
  return next;
}

export function pushFrom(state: Map<string, McpResource[]>, mesh: Partial<PushContext['mesh']> = {}): PushContext {
  return { version: 'v1', registry: ServiceRegistry.build(state), config: new PilotConfig(state), mesh: { ...DEFAULT_MESH, ...mesh } };
}

/** productpage-v1's sidecar: the first Deployment after details and ratings, reviews x3 (10.1.0.6). */
export function productpageSidecar(): Proxy {
  return proxyFromNode({ id: 'sidecar~10.1.0.6~productpage-v1-0.default~default.svc.cluster.local', metadata: { LABELS: { app: 'productpage', version: 'v1' } } } as never);
}

export function ingressGateway(): Proxy {
  return proxyFromNode({ id: 'router~10.2.0.1~istio-ingressgateway-0.istio-system~istio-system.svc.cluster.local', metadata: { LABELS: { istio: 'ingressgateway' } } } as never);
}
