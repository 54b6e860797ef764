/** What the access log, stats and Mixer report need to know about one finished request. */
export interface RequestInfo {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly host: string;
  readonly scheme: string;
  readonly protocol: string;
  readonly userAgent?: string;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly destinationAddress: string;
  readonly destinationPort: number;
  readonly startTime: Date;
  readonly durationMs: number;
  readonly status: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** Envoy response flags, e.g. `-` when none, `UF` upstream connect failure, `UC`, `UT`, `DC`. */
  readonly responseFlags: string;
  /** Why a local reply was generated, for humans reading logs. */
  readonly detail?: string;
}

export function flatHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : v;
  return out;
}
