/**
 * Counters of one reporter, named after the stats of Envoy's mixer filter
 * (`total_report_calls`, `total_remote_report_*`) plus what the bounded buffer adds.
 */
export interface MixerReporterStats {
  /** report() calls: attribute sets handed to the reporter. */
  readonly totalReportCalls: number;
  /** Report RPCs attempted. */
  readonly totalRemoteReportCalls: number;
  readonly totalRemoteReportSuccesses: number;
  /** RPCs that hit their deadline. */
  readonly totalRemoteReportTimeouts: number;
  /** RPCs that could not reach mixer (UNAVAILABLE, RESOURCE_EXHAUSTED): kept for retry. */
  readonly totalRemoteReportSendErrors: number;
  /** RPCs mixer refused (bad request, dispatch failure): their attribute sets are dropped. */
  readonly totalRemoteReportOtherErrors: number;
  /** Attribute sets mixer accepted. */
  readonly totalReportsDelivered: number;
  /** Attribute sets thrown away: buffer overflow (oldest first), refusal, or left over at close. */
  readonly totalReportsDropped: number;
  /** Attribute sets waiting in the buffer now. */
  readonly buffered: number;
}

export type MutableReporterStats = { -readonly [K in keyof MixerReporterStats]: MixerReporterStats[K] };

export function emptyReporterStats(): MutableReporterStats {
  return {
    totalReportCalls: 0,
    totalRemoteReportCalls: 0,
    totalRemoteReportSuccesses: 0,
    totalRemoteReportTimeouts: 0,
    totalRemoteReportSendErrors: 0,
    totalRemoteReportOtherErrors: 0,
    totalReportsDelivered: 0,
    totalReportsDropped: 0,
    buffered: 0,
  };
}
