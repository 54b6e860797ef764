import { x509 } from './x509';

/** Which identities a certificate or CSR names: URI SANs (SPIFFE IDs) and DNS SANs. */
export interface SubjectAltNames {
  readonly uris: readonly string[];
  readonly dnsNames: readonly string[];
}

export const SUBJECT_ALT_NAME_OID = '2.5.29.17';

/** Builds a SAN extension; `critical` is required by RFC 5280 when the subject is empty. */
export function subjectAltNameExtension(names: SubjectAltNames, critical: boolean): x509.SubjectAlternativeNameExtension {
  const general: x509.JsonGeneralName[] = [
    ...names.uris.map((value) => ({ type: 'url' as const, value })),
    ...names.dnsNames.map((value) => ({ type: 'dns' as const, value })),
  ];
  return new x509.SubjectAlternativeNameExtension(general, critical);
}

/** Reads the SANs of a generic extension list (CSRs return untyped extensions). */
export function readSubjectAltNames(extensions: readonly x509.Extension[]): SubjectAltNames {
  const uris: string[] = [];
  const dnsNames: string[] = [];
  for (const extension of extensions) {
    if (extension.type !== SUBJECT_ALT_NAME_OID) continue;
    const san = new x509.SubjectAlternativeNameExtension(extension.rawData);
    for (const name of san.names.items) {
      if (name.type === 'url') uris.push(name.value);
      if (name.type === 'dns') dnsNames.push(name.value);
    }
  }
  return { uris, dnsNames };
}
