export * from './data-plane';
export type { LocalReply } from './local-reply';
