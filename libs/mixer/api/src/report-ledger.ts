import { attributeBagToJson, type AttributeBag, type AttributeJson } from '@tsmesh/shared-attributes';

/** What GET /debug/reports returns. */
export interface ReportsDebugView {
  /** Report RPCs accepted (decoded successfully). */
  readonly reports: number;
  /** Attribute sets (one per request or connection a proxy reported) across those RPCs. */
  readonly attributeSets: number;
  /** The most recent attribute set, as JSON; absent until the first report. */
  readonly lastAttributes?: Readonly<Record<string, AttributeJson>>;
}

/**
 * In-memory tally of accepted reports, so tests and operators can see that a sidecar's telemetry
 * reached mixer without a telemetry backend. Only the last bag is kept: memory stays constant.
 */
export class ReportLedger {
  private reports = 0;
  private attributeSets = 0;
  private last: AttributeBag | undefined;

  record(bags: readonly AttributeBag[]): void {
    this.reports += 1;
    this.attributeSets += bags.length;
    this.last = bags.at(-1) ?? this.last;
  }

  view(): ReportsDebugView {
    const base = { reports: this.reports, attributeSets: this.attributeSets };
    return this.last === undefined ? base : { ...base, lastAttributes: attributeBagToJson(this.last) };
  }
}
