import { BindError } from '@tsmesh/shared-errors';

/** `host:port`, with brackets around IPv6 literals (`[::1]:15010`) as gRPC and URLs need. */
export function formatHostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Turns a listen failure into a BindError naming what failed to bind and where, so the one-line
 * startup error tells the operator which flag to change.
 */
export function toBindError(
  cause: unknown,
  what: string,
  host: string,
  port: number,
  field?: string,
): InstanceType<typeof BindError> {
  const text = cause instanceof Error ? cause.message : String(cause);
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'EADDRINUSE' || /EADDRINUSE|address already in use/i.test(text)
      ? 'address already in use'
      : code === 'EADDRNOTAVAIL' || /EADDRNOTAVAIL/.test(text)
        ? 'address not available on this machine'
        : code === 'EACCES' || /EACCES/.test(text)
          ? 'permission denied (ports below 1024 need privileges)'
          : text;
  return new BindError(`${what} cannot listen on ${formatHostPort(host, port)}: ${reason}`, { field, cause });
}
