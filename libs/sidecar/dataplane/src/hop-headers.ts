/**
 * Connection-level headers (RFC 7230 §6.1 and the proxy ones) that never cross a proxy hop,
 * in requests to the upstream nor in responses to the caller.
 */
export const HOP_BY_HOP_HEADERS: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authenticate', 'proxy-authorization']);
