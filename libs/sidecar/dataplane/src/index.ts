export * from './data-plane';
export * from './request-record';
export type { LocalReply } from './local-reply';
