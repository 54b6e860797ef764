import { Attr, AttributeBag } from '@tsmesh/shared-attributes';
import type { ReporterKind } from './http-report-attributes';
import { destinationServiceAttributes, optional, peerAttributes, type DestinationServiceInfo, type PeerInfo } from './peer-attributes';

/**
 * Envoy's tcp mixer filter reports a connection when it opens, periodically while it lives
 * (`continue`, with the bytes since the previous report) and when it closes.
 */
export type ConnectionEvent = 'open' | 'continue' | 'close';

export interface TcpConnectionReport {
  readonly reporterKind: ReporterKind;
  readonly reporterUid: string;
  readonly event: ConnectionEvent;
  /** Stable id of this connection across its reports. */
  readonly connectionId: string;
  readonly source: PeerInfo;
  readonly destination: PeerInfo;
  readonly destinationService?: DestinationServiceInfo;
  readonly mtls?: boolean;
  readonly requestedServerName?: string;
  /** Bytes since the previous report of this connection. */
  readonly receivedBytes: number;
  readonly sentBytes: number;
  /** Bytes since the connection opened. */
  readonly receivedBytesTotal: number;
  readonly sentBytesTotal: number;
  /** Time since the connection opened. */
  readonly durationMs: number;
  readonly time: Date;
}

export function tcpReportAttributes(connection: TcpConnectionReport): AttributeBag {
  return AttributeBag.of([
    ['context.protocol', Attr.string('tcp')],
    ['context.reporter.kind', Attr.string(connection.reporterKind)],
    ['context.reporter.uid', Attr.string(connection.reporterUid)],
    ['context.time', Attr.timestamp(connection.time)],
    ...peerAttributes('source', connection.source),
    ...peerAttributes('destination', connection.destination),
    ...destinationServiceAttributes(connection.destinationService ?? {}),
    ...optional('connection.mtls', connection.mtls, Attr.bool),
    ...optional('connection.requested_server_name', connection.requestedServerName, Attr.string),
    ['connection.event', Attr.string(connection.event)],
    ['connection.id', Attr.string(connection.connectionId)],
    ['connection.received.bytes', Attr.int64(connection.receivedBytes)],
    ['connection.sent.bytes', Attr.int64(connection.sentBytes)],
    ['connection.received.bytes_total', Attr.int64(connection.receivedBytesTotal)],
    ['connection.sent.bytes_total', Attr.int64(connection.sentBytesTotal)],
    ['connection.duration', Attr.durationMs(connection.durationMs)],
  ]);
}
