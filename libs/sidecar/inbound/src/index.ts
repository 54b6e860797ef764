export * from './request-info';
export * from './local-reply';
export * from './inbound-listener';
