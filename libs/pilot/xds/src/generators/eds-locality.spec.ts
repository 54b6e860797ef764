import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import { proxyFromNode } from '../proxy';
import { bookinfoState, mcpResource, pushOf } from './clusters/bookinfo.fixture';
import { edsGenerator } from './eds';

const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';

function priorities(localityLbEnabled: boolean, outlierDetection: boolean): string[] {
  const state = bookinfoState();
  state.set('istio/networking/v1alpha3/destinationrules', [
    mcpResource('default/reviews', { host: 'reviews', ...(outlierDetection ? { trafficPolicy: { outlierDetection: { consecutiveErrors: 5 } } } : {}) }),
  ]);
  const base = pushOf(state);
  const push = { ...base, mesh: { ...base.mesh, localityLbEnabled } };
  const proxy = proxyFromNode({ id: 'sidecar~10.1.0.1~productpage-v1-a.default~default.svc.cluster.local', metadata: { LABELS: { app: 'productpage' } }, locality: { region: 'us-east1', zone: 'us-east1-b', subZone: '' } } as never);
  const [cla] = edsGenerator.generate(proxy, push, [REVIEWS]).map((g) => ClusterLoadAssignment.decode(g.resource.value));
  return (cla?.endpoints ?? []).map((l) => `${l.locality?.zone}:${l.priority}`);
}

describe('EDS locality failover (PILOT_ENABLE_LOCALITY_LOAD_BALANCING)', () => {
  it('puts the proxy\'s own zone at priority 0 and the rest of its region next, when the DestinationRule has outlierDetection', () => {
    expect(priorities(true, true)).toEqual(['us-east1-a:1', 'us-east1-b:0']);
  });

  it('leaves every locality at priority 0 without outlierDetection or with the feature off, as Istio 1.2 does', () => {
    expect(priorities(true, false)).toEqual(['us-east1-a:0', 'us-east1-b:0']);
    expect(priorities(false, true)).toEqual(['us-east1-a:0', 'us-east1-b:0']);
  });
});
