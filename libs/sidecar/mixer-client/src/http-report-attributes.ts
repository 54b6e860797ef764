import { bagFromSlots, reportSchema, type AttributeBag, type ReportSchema, type SlotKind, type SlotValue } from '@tsmesh/shared-attributes';
import { DESTINATION_SERVICE_FIELDS, PEER_FIELDS, type DestinationServiceInfo, type PeerInfo } from './peer-attributes';

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

type HttpSlot = readonly [string, SlotKind, (exchange: HttpExchange) => SlotValue];

const firstQuery = (path: string) => path.indexOf('?');

/**
 * The report attributes Envoy's mixer filter sends for an HTTP exchange: request.*, response.*,
 * source.*, destination.*, connection.* and context.*, named and typed as the istioproxy and
 * kubernetes manifests declare them. One table: the schema and the per-report values come from it.
 */
const HTTP_SLOTS: readonly HttpSlot[] = [
  ['context.protocol', 'string', (e) => e.protocol],
  ['context.reporter.kind', 'string', (e) => e.reporterKind],
  ['context.reporter.uid', 'string', (e) => e.reporterUid],
  ...PEER_FIELDS.map(([suffix, kind, get]): HttpSlot => [`source.${suffix}`, kind, (e) => get(e.source)]),
  ...PEER_FIELDS.map(([suffix, kind, get]): HttpSlot => [`destination.${suffix}`, kind, (e) => get(e.destination)]),
  ...DESTINATION_SERVICE_FIELDS.map(([name, kind, get]): HttpSlot => [name, kind, (e) => (e.destinationService ? get(e.destinationService) : undefined)]),
  ['connection.mtls', 'bool', (e) => e.mtls],
  ['connection.requested_server_name', 'string', (e) => e.requestedServerName],
  ['request.headers', 'stringMap', (e) => e.request.headers],
  ['request.method', 'string', (e) => e.request.method],
  ['request.path', 'string', (e) => e.request.path],
  ['request.url_path', 'string', (e) => { const at = firstQuery(e.request.path); return at < 0 ? e.request.path : e.request.path.slice(0, at); }],
  ['request.query_params', 'stringMap', (e) => { const at = firstQuery(e.request.path); return at < 0 ? undefined : Object.fromEntries(new URLSearchParams(e.request.path.slice(at + 1))); }],
  ['request.host', 'string', (e) => e.request.host],
  ['request.scheme', 'string', (e) => e.request.scheme],
  ['request.id', 'string', (e) => e.request.headers['x-request-id']],
  ['request.useragent', 'string', (e) => e.request.headers['user-agent']],
  ['request.referer', 'string', (e) => e.request.headers['referer']],
  ['request.size', 'int64', (e) => e.request.size],
  ['request.total_size', 'int64', (e) => e.request.totalSize],
  ['request.time', 'timestamp', (e) => e.request.time.getTime()],
  ['response.code', 'int64', (e) => e.response.code],
  ['response.headers', 'stringMap', (e) => e.response.headers],
  ['response.size', 'int64', (e) => e.response.size],
  ['response.total_size', 'int64', (e) => e.response.totalSize],
  ['response.time', 'timestamp', (e) => e.response.time.getTime()],
  ['response.duration', 'duration', (e) => e.response.time.getTime() - e.request.time.getTime()],
  ['response.grpc_status', 'string', (e) => e.response.grpcStatus],
  ['response.grpc_message', 'string', (e) => e.response.grpcMessage],
];

/** The schema of every HTTP report: reports share it, so batches delta-encode across them. */
export const HTTP_REPORT_SCHEMA: ReportSchema = reportSchema(HTTP_SLOTS.map(([name, kind]) => [name, kind]));

/** One exchange's report as values aligned to HTTP_REPORT_SCHEMA (the data path's hot form). */
export function httpReportValues(exchange: HttpExchange): SlotValue[] {
  const values = new Array<SlotValue>(HTTP_SLOTS.length);
  for (let i = 0; i < HTTP_SLOTS.length; i++) values[i] = (HTTP_SLOTS[i] as HttpSlot)[2](exchange);
  return values;
}

/** The same report as an attribute bag (what mixer decodes), for tests and debug views. */
export function httpReportAttributes(exchange: HttpExchange): AttributeBag {
  return bagFromSlots(HTTP_REPORT_SCHEMA, httpReportValues(exchange));
}
