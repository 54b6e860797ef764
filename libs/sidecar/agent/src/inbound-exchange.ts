import type { HttpExchange } from '@tsmesh/sidecar-mixer-client';
import type { RequestInfo } from '@tsmesh/sidecar-inbound';
import { type WorkloadInfo, workloadUid } from './workload';

/** Turns what the inbound listener saw into the exchange the Mixer reporter describes. */
export function inboundExchange(info: RequestInfo, workload: WorkloadInfo, serviceHost: string | undefined): HttpExchange {
  const [name, namespace] = serviceHost?.split('.') ?? [];
  const headerBytes = (h: Readonly<Record<string, string>>) => Object.entries(h).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  return {
    reporterKind: 'inbound',
    reporterUid: workloadUid(workload),
    protocol: info.requestHeaders['content-type']?.startsWith('application/grpc') ? 'grpc' : 'http',
    source: { ip: info.sourceAddress, port: info.sourcePort },
    destination: {
      ip: info.destinationAddress,
      port: info.destinationPort,
      uid: workloadUid(workload),
      namespace: workload.namespace,
      labels: workload.labels,
      serviceAccount: workload.serviceAccount,
      name: workload.podName,
    },
    destinationService: serviceHost ? { host: serviceHost, name, namespace, uid: `istio://${namespace}/services/${name}` } : undefined,
    mtls: false,
    request: {
      method: info.method,
      path: info.path,
      host: info.host,
      scheme: info.scheme,
      headers: info.requestHeaders,
      size: info.requestBytes,
      totalSize: info.requestBytes + headerBytes(info.requestHeaders),
      time: info.startTime,
    },
    response: {
      code: info.status,
      headers: info.responseHeaders,
      size: info.responseBytes,
      totalSize: info.responseBytes + headerBytes(info.responseHeaders),
      time: new Date(info.startTime.getTime() + info.durationMs),
    },
  };
}
