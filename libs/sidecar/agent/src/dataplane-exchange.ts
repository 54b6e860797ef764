import type { RequestRecord } from '@tsmesh/sidecar-dataplane';
import { flatHeaders } from '@tsmesh/sidecar-dataplane';
import type { HttpExchange } from '@tsmesh/sidecar-mixer-client';
import { type WorkloadInfo, workloadUid } from './workload';

function headerBytes(h: Readonly<Record<string, string>>): number {
  let n = 0;
  for (const k in h) n += k.length + (h[k] as string).length + 4;
  return n;
}

/** Headers as plain strings: the object itself when it already is (the common case), else a flat copy. */
function stringHeaders(h: Readonly<Record<string, string | string[] | number | undefined>>): Readonly<Record<string, string>> {
  for (const k in h) if (typeof h[k] !== 'string') return flatHeaders(h);
  return h as Readonly<Record<string, string>>;
}

type ServiceView = { readonly host: string; readonly name?: string; readonly namespace?: string; readonly uid: string };
const services = new Map<string, ServiceView | undefined>();

/** The destination service of a cluster name, parsed once per cluster (bounded: clusters churn with config). */
function serviceOfCluster(cluster: string | undefined): ServiceView | undefined {
  if (cluster === undefined) return undefined;
  if (services.has(cluster)) return services.get(cluster);
  const host = serviceHostOfCluster(cluster);
  const [name, namespace] = host?.split('.') ?? [];
  const view = host ? { host, name, namespace, uid: `istio://${namespace}/services/${name}` } : undefined;
  if (services.size >= 4096) services.clear();
  services.set(cluster, view);
  return view;
}

/** `inbound|9080|http|reviews.default.svc.cluster.local` / `outbound|9080|v1|…` → the service FQDN. */
export function serviceHostOfCluster(cluster: string | undefined): string | undefined {
  const parts = cluster?.split('|');
  return parts && parts.length === 4 && (parts[0] === 'inbound' || parts[0] === 'outbound') ? parts[3] : undefined;
}

const selfPeers = new WeakMap<WorkloadInfo, { uid: string; namespace: string; labels: Readonly<Record<string, string>>; serviceAccount: string; name: string }>();

/** This workload as a peer: built once, so every report shares the same objects (delta-encoded away). */
function selfPeer(workload: WorkloadInfo) {
  let self = selfPeers.get(workload);
  if (self === undefined) {
    self = { uid: workloadUid(workload), namespace: workload.namespace, labels: workload.labels, serviceAccount: workload.serviceAccount, name: workload.podName };
    selfPeers.set(workload, self);
  }
  return self;
}

/**
 * One data-path request as the Mixer exchange Istio 1.2's proxies report: the server side
 * (`inbound`, reporter=destination) knows its own workload as destination; the client side
 * (`outbound`, reporter=source) knows its workload as source and the chosen upstream host.
 */
export function dataPlaneExchange(r: RequestRecord, workload: WorkloadInfo): HttpExchange {
  const self = selfPeer(workload);
  const service = serviceOfCluster(r.upstreamCluster);
  const [upstreamIp, upstreamPort] = r.upstreamHost ? [r.upstreamHost.slice(0, r.upstreamHost.lastIndexOf(':')), Number(r.upstreamHost.slice(r.upstreamHost.lastIndexOf(':') + 1))] : [undefined, undefined];
  const inbound = r.direction === 'inbound';
  const requestHeaders = stringHeaders(r.requestHeaders);
  const responseHeaders = stringHeaders(r.responseHeaders);
  return {
    reporterKind: r.direction,
    reporterUid: self.uid,
    protocol: r.requestHeaders['content-type']?.toString().startsWith('application/grpc') ? 'grpc' : 'http',
    source: inbound ? { ip: r.sourceAddress, port: r.sourcePort } : { ...self, ip: workload.podIp },
    destination: inbound ? { ...self, ip: r.destinationAddress, port: r.destinationPort } : { ip: upstreamIp, port: upstreamPort },
    destinationService: service,
    mtls: false,
    request: {
      method: r.method,
      path: r.path,
      host: r.authority,
      scheme: r.scheme,
      headers: requestHeaders,
      size: r.requestBytes,
      totalSize: r.requestBytes + headerBytes(requestHeaders),
      time: r.startTime,
    },
    response: {
      code: r.status,
      headers: responseHeaders,
      size: r.responseBytes,
      totalSize: r.responseBytes + headerBytes(responseHeaders),
      time: new Date(r.startTime.getTime() + r.durationMs),
      grpcStatus: r.grpcStatus,
    },
  };
}
