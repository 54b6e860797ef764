import { PermissionDeniedError } from '@tsmesh/shared-errors';
import {
  type CertificateIssuer,
  certificateToPem,
  type KeyAlgorithm,
  generateKeyPair,
  issueLeafCertificate,
  parseAndVerifyCsr,
  privateKeyToPem,
  tryParseSpiffeId,
  type VerifiedCsr,
} from '@tsmesh/shared-certificates';
import type { CaKeyCertBundle } from './ca-bundle';
import { CaCertGenError, CaCsrError, CaNotReadyError } from './errors';
import { decideTtl, DEFAULT_MAX_WORKLOAD_CERT_TTL_MS, DEFAULT_WORKLOAD_CERT_TTL_MS } from './ttl';

export interface CertificateAuthorityOptions {
  readonly trustDomain: string;
  readonly workloadCertTtlMs?: number;
  readonly maxWorkloadCertTtlMs?: number;
  readonly now?: () => Date;
}

export interface SignRequest {
  readonly csrPem: string;
  /** SPIFFE IDs the caller proved it owns; the CSR may ask only for these. */
  readonly callerIdentities: readonly string[];
  /** `validity_duration` in seconds (int64 as string on the wire). */
  readonly requestedTtlSeconds?: string | number;
  /** `subject_id`: when set it must name the identity requested in the CSR. */
  readonly subjectId?: string;
}

export interface SignedCertificate {
  /** [leaf, ...intermediates, root] as PEM, the order Istio 1.2 returns. */
  readonly certChain: string[];
  readonly spiffeId: string;
  readonly serialNumber: string;
  readonly notAfter: Date;
  readonly ttlCapped: boolean;
}

/** Citadel's signing core (Istio's IstioCA): policy checks around one signing key. */
export class CertificateAuthority {
  private readonly issuer: CertificateIssuer;
  private readonly now: () => Date;

  constructor(
    readonly bundle: CaKeyCertBundle,
    private readonly options: CertificateAuthorityOptions,
  ) {
    this.issuer = { certificate: bundle.signingCertificate, privateKey: bundle.signingKey };
    this.now = options.now ?? (() => new Date());
  }

  get trustDomain(): string {
    return this.options.trustDomain;
  }

  get rootPem(): string {
    return this.bundle.rootPem;
  }

  /** Signs a workload CSR for the caller's own identity, and nothing else. */
  async sign(request: SignRequest): Promise<SignedCertificate> {
    const ttl = decideTtl(request.requestedTtlSeconds, {
      defaultMs: this.options.workloadCertTtlMs ?? DEFAULT_WORKLOAD_CERT_TTL_MS,
      maxMs: this.options.maxWorkloadCertTtlMs ?? DEFAULT_MAX_WORKLOAD_CERT_TTL_MS,
    });
    const csr = await this.parseCsr(request.csrPem);
    const spiffeId = this.authorizeIdentity(csr, request);
    this.assertReady();
    const leaf = await issueLeafCertificate({ ...csr, subject: '' }, { issuer: this.issuer, ttlMs: ttl.ttlMs, now: this.now() }).catch(
      (err: unknown) => {
        throw new CaCertGenError(`failed to sign the certificate: ${(err as Error).message}`, { cause: err });
      },
    );
    return {
      certChain: [certificateToPem(leaf), ...this.bundle.intermediatePems, this.bundle.rootPem],
      spiffeId,
      serialNumber: leaf.serialNumber,
      notAfter: leaf.notAfter,
      ttlCapped: ttl.capped,
    };
  }

  /**
   * Issues Citadel's own serving certificate (DNS names plus its SPIFFE ID); the private key is
   * made here and never written to disk.
   */
  async issueServingCertificate(names: { dnsNames: string[]; uris: string[] }, ttlMs: number, keyAlgorithm?: KeyAlgorithm) {
    this.assertReady();
    const keys = await generateKeyPair(keyAlgorithm);
    const leaf = await issueLeafCertificate({ publicKey: keys.publicKey, ...names }, { issuer: this.issuer, ttlMs, now: this.now() });
    return {
      certChainPem: [certificateToPem(leaf), ...this.bundle.intermediatePems].join(''),
      keyPem: privateKeyToPem(keys.privateKey),
      notBefore: leaf.notBefore,
      notAfter: leaf.notAfter,
    };
  }

  private async parseCsr(pem: string): Promise<VerifiedCsr> {
    try {
      return await parseAndVerifyCsr(pem);
    } catch (err) {
      throw new CaCsrError(`invalid CSR: ${(err as Error).message}`, { field: 'csr', cause: err });
    }
  }

  private authorizeIdentity(csr: VerifiedCsr, request: SignRequest): string {
    if (csr.uris.length !== 1) {
      throw new CaCsrError(`the CSR must carry exactly one URI SAN (the workload SPIFFE ID), found ${csr.uris.length}`, { field: 'csr' });
    }
    const requested = csr.uris[0] as string;
    const parsed = tryParseSpiffeId(requested);
    if (!parsed) throw new CaCsrError(`the CSR URI SAN ${requested} is not a SPIFFE ID spiffe://<td>/ns/<ns>/sa/<sa>`, { field: 'csr' });
    if (request.subjectId && request.subjectId !== requested) {
      throw new CaCsrError(`subject_id ${request.subjectId} does not match the CSR URI SAN ${requested}`, { field: 'subject_id' });
    }
    if (csr.dnsNames.length > 0) {
      throw new PermissionDeniedError(`workloads may not request DNS SANs (${csr.dnsNames.join(', ')})`);
    }
    if (parsed.trustDomain !== this.trustDomain) {
      throw new PermissionDeniedError(`requested trust domain ${parsed.trustDomain} is not this CA's (${this.trustDomain})`);
    }
    if (!request.callerIdentities.includes(requested)) {
      throw new PermissionDeniedError(`caller ${request.callerIdentities.join(', ') || '(no identity)'} may not request a certificate for ${requested}`);
    }
    return requested;
  }

  private assertReady(): void {
    const now = this.now();
    const { notBefore, notAfter } = this.bundle.signingCertificate;
    if (now < notBefore || now > notAfter) {
      throw new CaNotReadyError(`the CA signing certificate is valid only from ${notBefore.toISOString()} to ${notAfter.toISOString()}`);
    }
  }
}
