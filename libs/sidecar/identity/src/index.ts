export { startWorkloadIdentity, type WorkloadIdentity, type WorkloadIdentityOptions } from './workload-identity';
export type { IdentityMaterial } from './identity-material';
export { CERT_CHAIN_FILE, KEY_FILE, ROOT_CERT_FILE } from './cert-files';
export * from './errors';
