import type { Counter, Meter } from '@opentelemetry/api';

/** Citadel's server metrics, named as in Istio 1.2 (security/pkg/server/ca/monitoring.go). */
export interface CitadelMetrics {
  readonly csrCount: Counter;
  readonly successCertIssuanceCount: Counter;
  /** Callers with no usable credential; the reason goes to the log. */
  readonly authenticationFailureCount: Counter;
  /** Label `error_type`: CSR_ERROR, TTL_ERROR, CERT_GEN_ERROR, CA_NOT_READY. */
  readonly csrSignErrorCount: Counter;
  readonly csrParsingErrorCount: Counter;
  /** The identity requested in the CSR is not one the caller owns (PERMISSION_DENIED). */
  readonly idExtractionErrorCount: Counter;
}

export function createCitadelMetrics(meter: Meter): CitadelMetrics {
  const counter = (name: string, description: string, labelled = false) => {
    const created = meter.createCounter(name, { description });
    // Export 0 from the start so dashboards and rate() see the series before the first event
    // (labelled counters get their series with the first labelled value instead).
    if (!labelled) created.add(0);
    return created;
  };
  return {
    csrCount: counter('citadel_server_csr_count', 'The number of CSRs received by Citadel server.'),
    successCertIssuanceCount: counter('citadel_server_success_cert_issuance_count', 'The number of certificates issuances that have succeeded.'),
    authenticationFailureCount: counter('citadel_server_authentication_failure_count', 'The number of authentication failures.'),
    csrSignErrorCount: counter('citadel_server_csr_sign_error_count', 'The number of errors occurred when signing the CSR.', true),
    csrParsingErrorCount: counter('citadel_server_csr_parsing_err_count', 'The number of errors occurred when parsing the CSR.'),
    idExtractionErrorCount: counter('citadel_server_id_extraction_err_count', 'The number of errors occurred when extracting the ID from CSR.'),
  };
}
