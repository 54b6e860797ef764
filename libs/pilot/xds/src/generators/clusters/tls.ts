import { EnvoyTypeUrl } from '@tsmesh/contracts';
import type { TransportSocket } from '@tsmesh/contracts/envoy/config/core/v3/base';
import { UpstreamTlsContext } from '@tsmesh/contracts/envoy/extensions/transport_sockets/tls/v3/tls';
import { TLSSettings_TLSmode, type TLSSettings } from '@tsmesh/contracts/istio/networking/v1alpha3/destination_rule';

/** Where Istio 1.2's sidecars find the Citadel-issued workload certificate. */
export const ISTIO_CERT_CHAIN = '/etc/certs/cert-chain.pem';
export const ISTIO_PRIVATE_KEY = '/etc/certs/key.pem';
export const ISTIO_ROOT_CERT = '/etc/certs/root-cert.pem';

export function spiffeId(namespace: string, serviceAccount: string, trustDomain = 'cluster.local'): string {
  return `spiffe://${trustDomain}/ns/${namespace}/sa/${serviceAccount}`;
}

/** A problem that would make the cluster invalid; the caller names the DestinationRule. */
export class TlsSettingsProblem extends Error {}

/**
 * A DestinationRule's `tls` as the cluster's transport socket: DISABLE gives none; SIMPLE and
 * MUTUAL use the given files; ISTIO_MUTUAL uses Istio's cert files and the servers' SPIFFE ids.
 */
export interface IstioMutualContext {
  /** SPIFFE ids of the service's workloads. */
  readonly sans: readonly string[];
  /** Istio 1.2 default SNI: `outbound_.<port>_.<subset>_.<host>`. */
  readonly sni: string;
  /** HTTP/2 ports (http2, grpc) offer ALPN `istio` and `h2`; others `istio` only. */
  readonly http2: boolean;
}

export function istioSni(port: number, subset: string, hostname: string): string {
  return `outbound_.${port}_.${subset}_.${hostname}`;
}

export function upstreamTransportSocket(tls: TLSSettings | undefined, mesh: IstioMutualContext): TransportSocket | undefined {
  if (!tls || tls.mode === TLSSettings_TLSmode.DISABLE) return undefined;
  const file = (filename: string) => ({ specifier: { $case: 'filename' as const, value: filename } });
  let ctx: UpstreamTlsContext;
  if (tls.mode === TLSSettings_TLSmode.ISTIO_MUTUAL) {
    ctx = UpstreamTlsContext.fromPartial({
      sni: tls.sni || mesh.sni,
      commonTlsContext: {
        alpnProtocols: mesh.http2 ? ['istio', 'h2'] : ['istio'],
        tlsCertificates: [{ certificateChain: file(ISTIO_CERT_CHAIN), privateKey: file(ISTIO_PRIVATE_KEY) }],
        validationContextType: { $case: 'validationContext', value: { trustedCa: file(ISTIO_ROOT_CERT), matchSubjectAltNames: mesh.sans.map(exact) } },
      },
    });
  } else {
    if (tls.mode === TLSSettings_TLSmode.MUTUAL && (!tls.clientCertificate || !tls.privateKey)) {
      throw new TlsSettingsProblem('tls mode MUTUAL requires clientCertificate and privateKey');
    }
    const sans = tls.subjectAltNames.map(exact);
    ctx = UpstreamTlsContext.fromPartial({
      sni: tls.sni,
      commonTlsContext: {
        tlsCertificates: tls.mode === TLSSettings_TLSmode.MUTUAL ? [{ certificateChain: file(tls.clientCertificate), privateKey: file(tls.privateKey) }] : [],
        ...(tls.caCertificates || sans.length > 0
          ? { validationContextType: { $case: 'validationContext' as const, value: { ...(tls.caCertificates ? { trustedCa: file(tls.caCertificates) } : {}), matchSubjectAltNames: sans } } }
          : {}),
      },
    });
  }
  return {
    name: 'envoy.transport_sockets.tls',
    configType: { $case: 'typedConfig', value: { typeUrl: EnvoyTypeUrl.UpstreamTlsContext, value: Buffer.from(UpstreamTlsContext.encode(ctx).finish()) } },
  };
}

function exact(value: string) {
  return { matchPattern: { $case: 'exact' as const, value }, ignoreCase: false };
}
