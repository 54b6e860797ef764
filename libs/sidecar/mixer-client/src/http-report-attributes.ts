import { Attr, AttributeBag } from '@tsmesh/shared-attributes';
import { destinationServiceAttributes, optional, peerAttributes, type DestinationServiceInfo, type PeerInfo } from './peer-attributes';

/** Which side of the call the reporting sidecar sits on (`context.reporter.kind`). */
export type ReporterKind = 'inbound' | 'outbound';

/** One finished HTTP (or gRPC) exchange, as the sidecar saw it. */
export interface HttpExchange {
  readonly reporterKind: ReporterKind;
  /** The reporting proxy's id (`context.reporter.uid`), e.g. `kubernetes://pod.namespace`. */
  readonly reporterUid: string;
  readonly protocol: 'http' | 'grpc';
  readonly source: PeerInfo;
  readonly destination: PeerInfo;
  readonly destinationService?: DestinationServiceInfo;
  readonly mtls?: boolean;
  readonly requestedServerName?: string;
  readonly request: {
    readonly method: string;
    /** Path with query string, as sent. */
    readonly path: string;
    readonly host: string;
    readonly scheme: string;
    /** Lower-case header names, pseudo-headers included. */
    readonly headers: Readonly<Record<string, string>>;
    /** Body bytes. */
    readonly size: number;
    /** Headers plus body bytes. */
    readonly totalSize: number;
    readonly time: Date;
  };
  readonly response: {
    readonly code: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly size: number;
    readonly totalSize: number;
    readonly time: Date;
    readonly grpcStatus?: string;
    readonly grpcMessage?: string;
  };
}

/**
 * The report attributes Envoy's mixer filter sends for an HTTP exchange: request.*, response.*,
 * source.*, destination.*, connection.* and context.*, named and typed as the istioproxy and
 * kubernetes manifests declare them.
 */
export function httpReportAttributes(exchange: HttpExchange): AttributeBag {
  const { request, response } = exchange;
  const headers = request.headers;
  const queryAt = request.path.indexOf('?');
  const urlPath = queryAt < 0 ? request.path : request.path.slice(0, queryAt);
  const queryParams = queryAt < 0 ? undefined : Object.fromEntries(new URLSearchParams(request.path.slice(queryAt + 1)));
  return AttributeBag.of([
    ['context.protocol', Attr.string(exchange.protocol)],
    ['context.reporter.kind', Attr.string(exchange.reporterKind)],
    ['context.reporter.uid', Attr.string(exchange.reporterUid)],
    ...peerAttributes('source', exchange.source),
    ...peerAttributes('destination', exchange.destination),
    ...destinationServiceAttributes(exchange.destinationService ?? {}),
    ...optional('connection.mtls', exchange.mtls, Attr.bool),
    ...optional('connection.requested_server_name', exchange.requestedServerName, Attr.string),
    ['request.headers', Attr.stringMap(headers)],
    ['request.method', Attr.string(request.method)],
    ['request.path', Attr.string(request.path)],
    ['request.url_path', Attr.string(urlPath)],
    ...optional('request.query_params', queryParams, Attr.stringMap),
    ['request.host', Attr.string(request.host)],
    ['request.scheme', Attr.string(request.scheme)],
    ...optional('request.id', headers['x-request-id'], Attr.string),
    ...optional('request.useragent', headers['user-agent'], Attr.string),
    ...optional('request.referer', headers['referer'], Attr.string),
    ['request.size', Attr.int64(request.size)],
    ['request.total_size', Attr.int64(request.totalSize)],
    ['request.time', Attr.timestamp(request.time)],
    ['response.code', Attr.int64(response.code)],
    ['response.headers', Attr.stringMap(response.headers)],
    ['response.size', Attr.int64(response.size)],
    ['response.total_size', Attr.int64(response.totalSize)],
    ['response.time', Attr.timestamp(response.time)],
    ['response.duration', Attr.durationMs(response.time.getTime() - request.time.getTime())],
    ...optional('response.grpc_status', response.grpcStatus, Attr.string),
    ...optional('response.grpc_message', response.grpcMessage, Attr.string),
  ]);
}
