export * from './kube-config';
export * from './kube-api';
export * from './kubernetes-source';
