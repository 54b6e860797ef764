export * from './admission-handler';
export * from './injection-patch';
export * from './namespace-labels';
export * from './webhook-server';
export { INJECTOR_DEV_CERT_NAMES } from './dev-cert-names';
