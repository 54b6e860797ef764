export * from './kube-inject';
export * from './workload';
export * from './yaml-documents';
