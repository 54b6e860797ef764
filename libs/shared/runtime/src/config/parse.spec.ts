import { ConfigError, describeError, isMeshError } from '@tsmesh/shared-errors';
import { flag, type ConfigOf } from './flags';
import { parseArgs, parseConfig } from './parse';

const spec = {
  grpcPort: flag.port({ flag: 'grpc-port', env: 'PILOT_GRPC_PORT', default: 15010, description: 'xDS gRPC port' }),
  galleyAddress: flag.string({ flag: 'galley-address', env: 'GALLEY_ADDRESS', default: '127.0.0.1:9901', description: 'galley' }),
  debounce: flag.duration({ flag: 'debounce', default: '100ms', description: 'debounce' }),
  verbose: flag.boolean({ flag: 'verbose', default: false, description: 'verbose' }),
  mode: flag.oneOf(['a', 'b'] as const, { flag: 'mode', default: 'a', description: 'mode' }),
  names: flag.list({ flag: 'names', env: 'NAMES', default: [], description: 'comma separated' }),
  count: flag.integer({ flag: 'count', default: 3, min: 0, max: 10, description: 'count' }),
  dir: flag.string({ flag: 'dir', env: 'DIR', required: true, description: 'dir' }),
  optional: flag.string({ flag: 'optional', description: 'may be absent' }),
};

function errorOf(run: () => unknown): InstanceType<typeof ConfigError> {
  try {
    run();
  } catch (err) {
    if (isMeshError(err, ConfigError)) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig', () => {
  it('applies defaults and types every value', () => {
    const config: ConfigOf<typeof spec> = parseConfig(spec, { argv: ['--dir', '/tmp/x'] });
    expect(config).toEqual({
      grpcPort: 15010,
      galleyAddress: '127.0.0.1:9901',
      debounce: 100,
      verbose: false,
      mode: 'a',
      names: [],
      count: 3,
      dir: '/tmp/x',
      optional: undefined,
    });
    // Compile-time checks: these assignments fail typecheck if ConfigOf loses precision.
    const port: number = config.grpcPort;
    const mode: 'a' | 'b' = config.mode;
    const optional: string | undefined = config.optional;
    const names: readonly string[] = config.names;
    expect([port, mode, optional, names.length]).toEqual([15010, 'a', undefined, 0]);
    // @ts-expect-error a flag without default or `required` may be undefined
    const mustBeString: string = config.optional;
    // @ts-expect-error oneOf keeps its literal union
    const wrongMode: 'c' = config.mode;
    expect(() => {
      // @ts-expect-error config is readonly
      config.count = 4;
    }).toThrow(TypeError);
    expect([mustBeString, wrongMode]).toEqual([undefined, 'a']);
  });

  it('accepts --flag value and --flag=value, booleans with and without a value', () => {
    const config = parseConfig(spec, {
      argv: ['--grpc-port=0', '--galley-address', 'galley:9901', '--verbose', '--mode=b', '--dir=/d', '--debounce', '1h30m'],
    });
    expect(config).toMatchObject({ grpcPort: 0, galleyAddress: 'galley:9901', verbose: true, mode: 'b', dir: '/d' });
    expect(config.debounce).toBe(90 * 60_000);
    expect(parseConfig(spec, { argv: ['--dir=/d', '--verbose=false'] }).verbose).toBe(false);
  });

  it('falls back to env, flags win over env, empty env counts as unset', () => {
    const env = { PILOT_GRPC_PORT: '8080', DIR: '/from-env', NAMES: 'a, b,,c', GALLEY_ADDRESS: '' };
    const fromEnv = parseConfig(spec, { argv: [], env });
    expect(fromEnv).toMatchObject({ grpcPort: 8080, dir: '/from-env', names: ['a', 'b', 'c'], galleyAddress: '127.0.0.1:9901' });
    expect(parseConfig(spec, { argv: ['--grpc-port', '9'], env }).grpcPort).toBe(9);
  });

  it('appends repeated list flags, last value wins otherwise', () => {
    const config = parseConfig(spec, { argv: ['--dir=/d', '--names', 'a,b', '--names=c', '--count=1', '--count=2'] });
    expect(config.names).toEqual(['a', 'b', 'c']);
    expect(config.count).toBe(2);
  });

  it('returns a deeply frozen object', () => {
    const config = parseConfig(spec, { argv: ['--dir=/d', '--names=a'] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.names)).toBe(true);
    expect(() => ((config as { grpcPort: number }).grpcPort = 1)).toThrow(TypeError);
  });

  it.each([
    [['--dir=/d', '--grpc-port', 'abc'], '--grpc-port', 'must be a port number 0..65535, got "abc"'],
    [['--dir=/d', '--grpc-port=70000'], '--grpc-port', 'must be a port number 0..65535, got 70000'],
    [['--dir=/d', '--grpc-port=1.5'], '--grpc-port', 'got "1.5"'],
    [['--dir=/d', '--count=11'], '--count', 'must be an integer in 0..10, got 11'],
    [['--dir=/d', '--mode=c'], '--mode', 'must be one of a, b, got "c"'],
    [['--dir=/d', '--verbose=maybe'], '--verbose', 'must be true or false, got "maybe"'],
    [['--dir=/d', '--debounce=100'], '--debounce', 'missing unit'],
    [['--dir=/d', '--debounce=fast'], '--debounce', 'got "fast"'],
    [['--dir=/d', '--grpc-prot=1'], '--grpc-prot', 'unknown flag; did you mean --grpc-port?'],
    [['--dir=/d', '--zzz'], '--zzz', 'unknown flag (try --help)'],
    [['--dir'], '--dir', 'needs a value <string>'],
    [['--dir', '--verbose'], '--dir', 'needs a value'],
    [['--dir=/d', 'stray'], 'stray', 'unexpected argument "stray"'],
    [[], '--dir', 'is required (or set env DIR)'],
    [['--dir='], '--dir', 'cannot be empty'],
  ])('rejects %j with a ConfigError naming the flag', (argv, field, message) => {
    const err = errorOf(() => parseConfig(spec, { argv }));
    expect(err.field).toBe(field);
    expect(err.message).toContain(message);
    expect(describeError(err)).toMatch(/^TSM_CONFIG_INVALID: \S+: /);
  });

  it('names the env var when the bad value came from env', () => {
    const err = errorOf(() => parseConfig(spec, { argv: ['--dir=/d'], env: { PILOT_GRPC_PORT: 'x' } }));
    expect(describeError(err)).toBe('TSM_CONFIG_INVALID: --grpc-port: must be a port number 0..65535, got "x" (from env PILOT_GRPC_PORT)');
  });

  it('reports --help without requiring other flags', () => {
    expect(parseArgs(spec, { argv: ['--grpc-port=bad', '--help'] }).kind).toBe('help');
  });
});

describe('flag declarations', () => {
  it('reject invalid defaults and contradictory options at declaration time', () => {
    expect(() => flag.port({ flag: 'p', default: 70_000, description: '' })).toThrow(/invalid default/);
    expect(() => flag.duration({ flag: 'd', default: 'soon', description: '' })).toThrow(/invalid default/);
    expect(() => flag.string({ flag: 'Bad_Name', description: '' })).toThrow(/kebab-case/);
    expect(() => flag.string({ flag: 's', default: 'x', required: true, description: '' })).toThrow(/required/);
  });

  it('rejects the same flag name declared twice', () => {
    const dup = { a: flag.string({ flag: 'x', description: '' }), b: flag.string({ flag: 'x', description: '' }) };
    expect(() => parseConfig(dup, { argv: [] })).toThrow(/declared twice/);
  });
});
