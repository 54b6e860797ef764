import {
  applicationPorts,
  excludeInboundPort,
  includeInboundPorts,
  parsePorts,
  validateExcludeIPRanges,
  validateIncludeInboundPorts,
  validateIncludeIPRanges,
} from './traffic-ports';

const containers = [
  { name: 'app', ports: [{ containerPort: 80 }, { containerPort: 8080 }] },
  { name: 'istio-proxy', ports: [{ containerPort: 15090 }] },
  { name: 'side' },
];

describe('traffic ports', () => {
  it('lists application ports without the sidecar, inbound ports with it', () => {
    expect(applicationPorts(containers)).toBe('80,8080');
    expect(includeInboundPorts(containers)).toBe('80,8080,15090');
  });

  it.each([
    ['15020', '', '15020'],
    ['15020', '4,5,6', '4,5,6,15020'],
    ['15020', '15020', '15020'],
    ['0', '4', '4'],
    ['', '4', '4'],
    ['123', ' 4, ,5', '4,5,123'],
  ])('excludes status port %j from %j -> %j', (port, excluded, result) => {
    expect(excludeInboundPort(port, excluded)).toBe(result);
  });

  it('parses port lists like strconv.ParseUint', () => {
    expect(parsePorts(' 1, 2 ,65535')).toEqual([1, 2, 65535]);
    expect(parsePorts('')).toEqual([]);
    expect(() => parsePorts('65536')).toThrow(/failed parsing port/);
    expect(() => parsePorts('-1')).toThrow(/failed parsing port/);
  });

  it('validates CIDR and port parameters with the parameter name in the error', () => {
    expect(() => validateIncludeIPRanges('*')).not.toThrow();
    expect(() => validateIncludeIPRanges('10.0.0.0/8,fd00::/8')).not.toThrow();
    expect(() => validateIncludeIPRanges('10.0.0.0/33')).toThrow(/includeIPRanges invalid/);
    expect(() => validateExcludeIPRanges('*')).toThrow(/excludeIPRanges invalid/);
    expect(() => validateExcludeIPRanges('10.0.0.1')).toThrow(/excludeIPRanges invalid/);
    expect(() => validateIncludeInboundPorts('*')).not.toThrow();
    expect(() => validateIncludeInboundPorts('80,x')).toThrow(/includeInboundPorts invalid/);
  });
});
