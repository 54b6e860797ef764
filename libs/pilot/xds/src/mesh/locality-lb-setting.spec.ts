import { isMeshError } from '@tsmesh/shared-errors';
import { parseLocalityLbSetting } from './locality-lb-setting';

/** The error's `field: message`, or 'ok'. */
function check(raw: unknown): string {
  try {
    parseLocalityLbSetting(raw, 'localityLbSetting', 'mesh.yaml');
    return 'ok';
  } catch (error) {
    if (!isMeshError(error)) throw error;
    expect(error.code).toBe('TSM_CONFIG_INVALID');
    expect(error.source).toBe('mesh.yaml');
    return `${error.field}: ${error.message}`;
  }
}

describe('mesh localityLbSetting, validated as Istio 1.2 validateLocalityLbSetting', () => {
  it('reads distribute and failover rules', () => {
    expect(parseLocalityLbSetting({ distribute: [{ from: 'r1/z1/*', to: { 'r1/z1/*': 80, 'r1/z2/*': 20 } }] }, 'l', 's')).toEqual({ distribute: [{ from: 'r1/z1/*', to: { 'r1/z1/*': 80, 'r1/z2/*': 20 } }] });
    expect(parseLocalityLbSetting({ failover: [{ from: 'r1', to: 'r2' }] }, 'l', 's')).toEqual({ failover: [{ from: 'r1', to: 'r2' }] });
    expect(parseLocalityLbSetting({}, 'l', 's')).toEqual({});
  });

  it('rejects distribute and failover together', () => {
    expect(check({ distribute: [{ from: 'a', to: { b: 100 } }], failover: [{ from: 'a', to: 'b' }] })).toBe("localityLbSetting: can not simultaneously specify 'distribute' and 'failover'");
  });

  it('requires the weights of each `from` to be 1..100 and sum to 100', () => {
    expect(check({ distribute: [{ from: 'a', to: { 'a/z1': 80, 'a/z2': 10 } }] })).toBe('localityLbSetting.distribute[0].to: total locality weight 90 != 100');
    expect(check({ distribute: [{ from: 'a', to: { 'a/z1': 100, 'a/z2': 0 } }] })).toMatch(/^localityLbSetting\.distribute\[0\]\.to\["a\/z2"\]: locality weight must be an integer in range \[1, 100\]/);
    expect(check({ distribute: [{ from: 'a', to: { 'a/z1': '100' } }] })).toMatch(/to\["a\/z1"\]: locality weight must be an integer/);
  });

  it('rejects misplaced wildcards, empty parts and overlapping localities', () => {
    expect(check({ distribute: [{ from: 'a/*/c', to: { b: 100 } }] })).toBe("localityLbSetting.distribute: locality a/*/c wildcard '*' number can not exceed 1 and must be in the end");
    expect(check({ distribute: [{ from: 'a', to: { 'b//c': 100 } }] })).toBe('localityLbSetting.distribute[0].to: locality b//c must not contain empty region/zone/subzone info');
    expect(check({ distribute: [{ from: 'a', to: { 'b/*': 50, 'b/z1': 50 } }] })).toBe('localityLbSetting.distribute[0].to: locality b/z1 overlap with previous specified ones');
    expect(check({ distribute: [{ from: 'a', to: { b: 50 } }, { from: 'a/z1', to: { b: 100 } }] })).toMatch(/total locality weight 50/);
    expect(check({ distribute: [{ from: 'a', to: { b: 100 } }, { from: 'a/z1', to: { b: 100 } }] })).toBe('localityLbSetting.distribute: locality a/z1 overlap with previous specified ones');
    expect(check({ distribute: [{ from: '*', to: { b: 100 } }, { from: 'c', to: { b: 100 } }] })).toBe('localityLbSetting.distribute: locality c overlap with previous specified ones');
    expect(check({ distribute: [{ from: 'a/z1/s1', to: { 'a/z1/s2': 60, 'a/z2': 40 } }, { from: 'a/z1/s2', to: { b: 100 } }] })).toBe('ok');
  });

  it('requires failover between two different regions, without wildcard', () => {
    expect(check({ failover: [{ from: 'r1', to: 'r1' }] })).toBe('localityLbSetting.failover[0]: locality lb failover settings must specify different regions');
    expect(check({ failover: [{ from: 'r1', to: 'r*' }] })).toBe("localityLbSetting.failover[0].to: locality lb failover region should not contain '*' wildcard");
  });

  it('names unknown fields and wrong shapes', () => {
    expect(check({ distribute: [{ from: 'a', too: {} }] })).toBe('localityLbSetting.distribute[0].too: unknown field (known: from, to)');
    expect(check({ weights: [] })).toBe('localityLbSetting.weights: unknown field (known: distribute, failover)');
    expect(check({ failover: { from: 'a' } })).toBe('localityLbSetting.failover: must be a list');
    expect(check('r1')).toBe('localityLbSetting: must be a mapping with distribute or failover');
  });
});
