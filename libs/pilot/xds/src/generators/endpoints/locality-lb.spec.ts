import { LocalityLbEndpoints } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint_components';
import { applyLocalityDistribute, applyLocalityFailover, lbPriority, localityMatches } from './locality-lb';

const group = (region: string, zone: string, subZone = '', weight = 1) => LocalityLbEndpoints.fromPartial({ locality: { region, zone, subZone }, lbEndpoints: [{}], loadBalancingWeight: weight });
const proxy = { region: 'us-east', zone: 'us-east-1a', subZone: 'r1' };

describe('Istio 1.2 locality load balancing', () => {
  it('ranks localities by proximity to the proxy', () => {
    expect(lbPriority(proxy, { region: 'us-east', zone: 'us-east-1a', subZone: 'r1' })).toBe(0);
    expect(lbPriority(proxy, { region: 'us-east', zone: 'us-east-1a', subZone: 'r2' })).toBe(1);
    expect(lbPriority(proxy, { region: 'us-east', zone: 'us-east-1b', subZone: '' })).toBe(2);
    expect(lbPriority(proxy, { region: 'eu-west', zone: 'eu-west-1a', subZone: '' })).toBe(3);
  });

  it('numbers priorities without gaps, and a failover rule puts its target region before the others', () => {
    const groups = [group('eu-west', 'a'), group('us-east', 'us-east-1b'), group('ap-south', 'a'), group('us-east', 'us-east-1a', 'r1')];
    applyLocalityFailover(proxy, groups, [{ from: 'us-east', to: 'ap-south' }]);
    expect(groups.map((g) => g.priority)).toEqual([3, 1, 2, 0]);
    const plain = [group('eu-west', 'a'), group('us-east', 'us-east-1b')];
    applyLocalityFailover(proxy, plain);
    expect(plain.map((g) => g.priority)).toEqual([1, 0]);
  });

  it('distribute splits each share over the localities its pattern matches and drops the rest', () => {
    const groups = [group('us-east', 'us-east-1a'), group('us-east', 'us-east-1b'), group('eu-west', 'a'), group('ap-south', 'a')];
    applyLocalityDistribute(proxy, groups, [{ from: 'us-east/*', to: { 'us-east/*': 80, 'eu-west/*': 20 } }]);
    expect(groups.map((g) => g.loadBalancingWeight)).toEqual([40, 40, 20, 1]);
    expect(groups[3]?.lbEndpoints).toEqual([]);
    expect(localityMatches({ region: 'a', zone: 'b', subZone: 'c' }, 'a/*')).toBe(true);
    expect(localityMatches({ region: 'a', zone: 'b', subZone: 'c' }, 'x/*')).toBe(false);
  });
});
