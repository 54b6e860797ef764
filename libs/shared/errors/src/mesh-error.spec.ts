import { status } from '@grpc/grpc-js';
import { BindError, ConfigError, describeError, isMeshError, MeshError } from './index';

describe('MeshError', () => {
  it('carries a stable code, transport statuses and the field path', () => {
    const err = new ConfigError('must be a port number, got "abc"', { field: '--grpc-port', source: 'flags' });
    expect(err).toBeInstanceOf(MeshError);
    expect(err.code).toBe('TSM_CONFIG_INVALID');
    expect(err.grpcStatus).toBe(status.INVALID_ARGUMENT);
    expect(err.httpStatus).toBe(400);
    expect(err.describe()).toBe('TSM_CONFIG_INVALID: flags: --grpc-port: must be a port number, got "abc"');
  });

  it('tells kinds apart', () => {
    const err = new BindError('port 15010 is in use');
    expect(isMeshError(err, BindError)).toBe(true);
    expect(isMeshError(err, ConfigError)).toBe(false);
    expect(isMeshError(new Error('plain'))).toBe(false);
  });

  it('recognises errors branded by another copy of the module', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('tsmesh.error')]: true });
    expect(foreign instanceof MeshError).toBe(true);
  });

  it('describes any thrown value on one line', () => {
    const sys = Object.assign(new Error('listen EADDRINUSE 127.0.0.1:80'), { code: 'EADDRINUSE' });
    expect(describeError(sys)).toBe('EADDRINUSE: listen EADDRINUSE 127.0.0.1:80');
    expect(describeError('boom')).toBe('boom');
  });
});
