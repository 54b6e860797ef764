import { ClusterLoadAssignment } from '@tsmesh/contracts/envoy/config/endpoint/v3/endpoint';
import type { MeshSettings } from '../push-context';
import { parseMeshConfigYaml } from '../mesh/mesh-config';
import { proxyFromNode } from '../proxy';
import { bookinfoState, mcpResource, pushOf } from './clusters/bookinfo.fixture';
import { edsGenerator } from './eds';

const REVIEWS = 'outbound|9080||reviews.default.svc.cluster.local';
const NODE_ID = 'sidecar~10.1.0.1~productpage-v1-a.default~default.svc.cluster.local';

/** reviews' localities as `zone:priority:weight:endpoints`, for a productpage proxy in us-east1/us-east1-b. */
function localities(mesh: Partial<MeshSettings>, outlierDetection: boolean, proxyLocality = { region: 'us-east1', zone: 'us-east1-b', subZone: '' }): string[] {
  const state = bookinfoState();
  state.set('istio/networking/v1alpha3/destinationrules', [
    mcpResource('default/reviews', { host: 'reviews', ...(outlierDetection ? { trafficPolicy: { outlierDetection: { consecutiveErrors: 5 } } } : {}) }),
  ]);
  const base = pushOf(state);
  const push = { ...base, mesh: { ...base.mesh, ...mesh } };
  const proxy = proxyFromNode({ id: NODE_ID, metadata: { LABELS: { app: 'productpage' } }, locality: proxyLocality } as never);
  const [cla] = edsGenerator.generate(proxy, push, [REVIEWS]).map((g) => ClusterLoadAssignment.decode(g.resource.value));
  return (cla?.endpoints ?? []).map((l) => `${l.locality?.zone}:${l.priority}:${l.loadBalancingWeight}:${l.lbEndpoints.length}`);
}

const fromFile = (yaml: string) => parseMeshConfigYaml(yaml, 'mesh.yaml');

describe('EDS locality load balancing (PILOT_ENABLE_LOCALITY_LOAD_BALANCING)', () => {
  it('puts the proxy\'s own zone at priority 0 and the rest of its region next, when the DestinationRule has outlierDetection', () => {
    expect(localities({ localityLbEnabled: true }, true)).toEqual(['us-east1-a:1:1:1', 'us-east1-b:0:2:2']);
  });

  it('leaves every locality at priority 0 without outlierDetection or with the feature off, as Istio 1.2 does', () => {
    expect(localities({ localityLbEnabled: true }, false)).toEqual(['us-east1-a:0:1:1', 'us-east1-b:0:2:2']);
    expect(localities({ localityLbEnabled: false }, true)).toEqual(['us-east1-a:0:1:1', 'us-east1-b:0:2:2']);
  });

  it('gives localities the mesh distribute weights (endpoints-weighted per pattern) for proxies matching `from`, outlierDetection or not', () => {
    const mesh = { localityLbEnabled: true, ...fromFile('localityLbSetting:\n  distribute:\n  - from: us-east1/us-east1-b/*\n    to: {"us-east1/us-east1-b/*": 80, "us-east1/us-east1-a/*": 20}\n') };
    expect(localities(mesh, false)).toEqual(['us-east1-a:0:20:1', 'us-east1-b:0:80:2']);
    expect(localities(mesh, true)).toEqual(['us-east1-a:0:20:1', 'us-east1-b:0:80:2']);
    // A proxy no `from` matches keeps the plain weights; a `to` that names one zone only drops the other's endpoints.
    expect(localities(mesh, false, { region: 'eu-west1', zone: 'eu-west1-a', subZone: '' })).toEqual(['us-east1-a:0:1:1', 'us-east1-b:0:2:2']);
    const one = { localityLbEnabled: true, ...fromFile('localityLbSetting: {distribute: [{from: "us-east1/*", to: {"us-east1/us-east1-a": 100}}]}') };
    expect(localities(one, false)).toEqual(['us-east1-a:0:100:1', 'us-east1-b:0:2:0']);
  });

  it('does nothing with the mesh setting while the feature flag is off (1.2 gates the whole setting on it)', () => {
    const mesh = { localityLbEnabled: false, ...fromFile('localityLbSetting: {distribute: [{from: "*", to: {"us-east1/us-east1-a": 100}}]}') };
    expect(localities(mesh, true)).toEqual(['us-east1-a:0:1:1', 'us-east1-b:0:2:2']);
  });

  it('applies mesh failover rules across regions: the rule\'s target region comes right after the proxy\'s own', () => {
    const state = bookinfoState();
    const endpoint = (address: string, locality: string) => ({ address, locality, ports: { http: 80 } });
    state.set('istio/networking/v1alpha3/serviceentries', [
      mcpResource('default/multi', { hosts: ['multi.example.com'], location: 'MESH_INTERNAL', resolution: 'STATIC', ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
        endpoints: [endpoint('10.2.0.1', 'ap-south1/a'), endpoint('10.2.0.2', 'eu-west1/a'), endpoint('10.2.0.3', 'us-east1/us-east1-b'), endpoint('10.2.0.4', 'us-west1/a')] }),
    ]);
    state.set('istio/networking/v1alpha3/destinationrules', [mcpResource('default/multi', { host: 'multi.example.com', trafficPolicy: { outlierDetection: { consecutiveErrors: 5 } } })]);
    const base = pushOf(state);
    const proxy = proxyFromNode({ id: NODE_ID, metadata: {}, locality: { region: 'us-east1', zone: 'us-east1-b', subZone: '' } } as never);
    const regions = (yaml: string) => {
      const push = { ...base, mesh: { ...base.mesh, localityLbEnabled: true, ...fromFile(yaml) } };
      const [cla] = edsGenerator.generate(proxy, push, ['outbound|80||multi.example.com']).map((g) => ClusterLoadAssignment.decode(g.resource.value));
      return (cla?.endpoints ?? []).map((l) => `${l.locality?.region}:${l.priority}`);
    };
    expect(regions('{}')).toEqual(['ap-south1:1', 'eu-west1:1', 'us-east1:0', 'us-west1:1']);
    expect(regions('localityLbSetting: {failover: [{from: us-east1, to: eu-west1}]}')).toEqual(['ap-south1:2', 'eu-west1:1', 'us-east1:0', 'us-west1:2']);
  });
});
