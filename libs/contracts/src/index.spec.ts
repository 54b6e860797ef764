import { Cluster } from './gen/envoy/config/cluster/v3/cluster';
import { ClusterLoadAssignment } from './gen/envoy/config/endpoint/v3/endpoint';
import { Listener } from './gen/envoy/config/listener/v3/listener';
import { RouteConfiguration } from './gen/envoy/config/route/v3/route';
import { IstioCertificateServiceService } from './gen/istio/security/v1alpha1/istioca';
import { MixerService } from './gen/istio/mixer/v1/service';
import { ResourceSourceService } from './gen/istio/mcp/v1alpha1/mcp';
import { XdsTypeUrl } from './index';

describe('contracts', () => {
  it('type URLs name the generated messages', () => {
    expect(XdsTypeUrl.Cluster).toBe('type.googleapis.com/envoy.config.cluster.v3.Cluster');
    expect(Cluster.encode(Cluster.fromPartial({ name: 'x' })).finish().length).toBeGreaterThan(0);
    expect([ClusterLoadAssignment, Listener, RouteConfiguration].every((m) => typeof m.decode === 'function')).toBe(true);
  });

  it('generates Istio 1.2 service paths', () => {
    expect(IstioCertificateServiceService.createCertificate.path).toBe('/istio.v1.auth.IstioCertificateService/CreateCertificate');
    expect(MixerService.check.path).toBe('/istio.mixer.v1.Mixer/Check');
    expect(MixerService.report.path).toBe('/istio.mixer.v1.Mixer/Report');
    expect(ResourceSourceService.establishResourceStream.path).toBe('/istio.mcp.v1alpha1.ResourceSource/EstablishResourceStream');
  });
});
