import { checkFqdn, checkIPv4Subnet, checkWildcardDomain, hostsOverlap, hostSubsetOf, isIP } from './dns';
import { checkDurationAtLeastMs, parseGoDuration } from './duration';
import { checkGatewayRef, checkNamespacedHost, checkPercent, checkPort, checkRegex, checkUnixAddress } from './values';

describe('dns', () => {
  it('accepts FQDNs and short names, rejects bad labels and numeric TLDs', () => {
    expect(checkFqdn('reviews.default.svc.cluster.local')).toBeUndefined();
    expect(checkFqdn('reviews')).toBeUndefined();
    expect(checkFqdn('')).toMatch(/empty/);
    expect(checkFqdn('a..b')).toMatch(/label "" invalid/);
    expect(checkFqdn('foo.123')).toMatch(/all-numeric/);
    expect(checkFqdn('*.foo.com')).toMatch(/label "\*" invalid/);
    expect(checkFqdn(`${'a'.repeat(64)}.com`)).toMatch(/invalid/);
  });
  it('allows wildcards only in the first label', () => {
    expect(checkWildcardDomain('*')).toBeUndefined();
    expect(checkWildcardDomain('*.foo.com')).toBeUndefined();
    expect(checkWildcardDomain('*-bar.foo.com')).toBeUndefined();
    expect(checkWildcardDomain('foo.*.com')).toMatch(/label "\*" invalid/);
    expect(checkWildcardDomain('**.com')).toMatch(/invalid/);
  });
  it('parses IPs and subnets', () => {
    expect(isIP('10.0.0.1')).toBe(true);
    expect(isIP('::1')).toBe(true);
    expect(isIP('2001:db8::8a2e:370:7334')).toBe(true);
    expect(isIP('10.0.0.256')).toBe(false);
    expect(checkIPv4Subnet('10.0.0.0/8')).toBeUndefined();
    expect(checkIPv4Subnet('10.0.0.0/33')).toMatch(/CIDR/);
    expect(checkIPv4Subnet('::1')).toMatch(/IPv4/);
  });
  it('matches hosts with wildcards', () => {
    expect(hostsOverlap('*.foo.com', 'bar.foo.com')).toBe(true);
    expect(hostsOverlap('*.com', '*.foo.com')).toBe(true);
    expect(hostsOverlap('a.com', 'b.com')).toBe(false);
    expect(hostSubsetOf('a.foo.com', '*.foo.com')).toBe(true);
    expect(hostSubsetOf('*.com', '*.foo.com')).toBe(false);
  });
});

describe('durations', () => {
  it('parses Go duration syntax', () => {
    expect(parseGoDuration('1.5s')).toBe(1.5e9);
    expect(parseGoDuration('10ms')).toBe(1e7);
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(parseGoDuration('0')).toBe(0);
    expect(parseGoDuration('10')).toBeUndefined();
    expect(parseGoDuration('s')).toBeUndefined();
    expect(parseGoDuration('1x')).toBeUndefined();
  });
  it('requires at least 1ms at millisecond precision', () => {
    expect(checkDurationAtLeastMs('1ms')).toBeUndefined();
    expect(checkDurationAtLeastMs('0.5ms')).toMatch(/at least 1ms/);
    expect(checkDurationAtLeastMs('0s')).toMatch(/at least 1ms/);
    expect(checkDurationAtLeastMs('1500us')).toMatch(/whole number of milliseconds/);
  });
});

describe('values', () => {
  it('checks ports and percentages', () => {
    expect(checkPort(1)).toBeUndefined();
    expect(checkPort(65535)).toBeUndefined();
    expect(checkPort(0)).toMatch(/1..65535/);
    expect(checkPort(65536)).toMatch(/1..65535/);
    expect(checkPercent(100)).toBeUndefined();
    expect(checkPercent(101)).toMatch(/0..100/);
  });
  it('checks gateway references', () => {
    expect(checkGatewayRef('mesh')).toEqual([]);
    expect(checkGatewayRef('istio-system/ingress')).toEqual([]);
    expect(checkGatewayRef('ns/bad.name')).toEqual(['invalid value for gateway name: "bad.name"']);
    expect(checkGatewayRef('/gw')).toHaveLength(2);
  });
  it('checks sidecar and gateway host forms', () => {
    expect(checkNamespacedHost('./*', false)).toEqual([]);
    expect(checkNamespacedHost('~/*.example.com', false)).toEqual([]);
    expect(checkNamespacedHost('foo.com', false)).toEqual(['host must be of form namespace/dnsName']);
    expect(checkNamespacedHost('ns/short', false)[0]).toMatch(/short name/);
    expect(checkNamespacedHost('~/foo.com', true)[0]).toMatch(/invalid namespace/);
    expect(checkNamespacedHost('10.1.1.1', true)).toEqual([]);
  });
  it('compiles regexes and checks unix paths', () => {
    expect(checkRegex('^/api/.*$')).toBeUndefined();
    expect(checkRegex('(')).toMatch(/does not compile/);
    expect(checkUnixAddress('/var/run/x.sock')).toBeUndefined();
    expect(checkUnixAddress('@abstract')).toBeUndefined();
    expect(checkUnixAddress('relative/x')).toMatch(/absolute/);
  });
});
