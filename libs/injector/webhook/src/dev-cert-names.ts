import type { DevCertificateNames } from '@tsmesh/shared-admission';

/** The names the API server (istio-sidecar-injector.istio-system.svc) and local callers use. */
export const INJECTOR_DEV_CERT_NAMES: DevCertificateNames = {
  commonName: 'tsmesh injector development CA',
  dnsNames: ['istio-sidecar-injector.istio-system.svc', 'istio-sidecar-injector.istio-system', 'istio-sidecar-injector', 'localhost'],
  ips: ['127.0.0.1', '::1'],
};
