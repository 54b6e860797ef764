import { BindError, isMeshError } from '@tsmesh/shared-errors';
import { formatHostPort, toBindError } from './address';

describe('formatHostPort', () => {
  it('brackets IPv6 literals only', () => {
    expect(formatHostPort('127.0.0.1', 80)).toBe('127.0.0.1:80');
    expect(formatHostPort('::1', 80)).toBe('[::1]:80');
    expect(formatHostPort('[::1]', 80)).toBe('[::1]:80');
  });
});

describe('toBindError', () => {
  it('explains common errno codes', () => {
    const inUse = Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' });
    const err = toBindError(inUse, 'citadel gRPC server', '0.0.0.0', 8060, '--grpc-port');
    expect(isMeshError(err, BindError)).toBe(true);
    expect(err.describe()).toBe('TSM_BIND_FAILED: --grpc-port: citadel gRPC server cannot listen on 0.0.0.0:8060: address already in use');
    expect(toBindError(new Error('bind EADDRNOTAVAIL 10.9.9.9'), 'x', '10.9.9.9', 1).message).toContain('address not available');
    expect(toBindError('weird', 'x', 'h', 1).message).toBe('x cannot listen on h:1: weird');
  });
});
