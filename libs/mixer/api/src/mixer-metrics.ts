import type { Meter } from '@opentelemetry/api';

export type MixerMethod = 'Check' | 'Report';
export type MeshFunction = 'check' | 'report';

/**
 * Mixer's self-monitoring, under the names Istio 1.2's mixer exports where one exists:
 * grpc_server_handled_total (go-grpc-prometheus) and mixer_runtime_dispatches_total /
 * mixer_runtime_dispatch_duration_seconds (mixer/pkg/runtime/monitoring). The attribute-set
 * counter has no Istio counterpart, so it takes the tsmesh_ prefix.
 */
export interface MixerMetrics {
  handled(method: MixerMethod, grpcCode: string): void;
  attributeSets(count: number): void;
  dispatched(meshFunction: MeshFunction, failed: boolean, seconds: number): void;
}

export function createMixerMetrics(meter: Meter): MixerMetrics {
  const handled = meter.createCounter('grpc_server_handled_total', {
    description: 'Total number of RPCs completed on the server, regardless of success or failure.',
  });
  const attributeSets = meter.createCounter('tsmesh_mixer_report_attribute_sets_total', {
    description: 'Attribute sets decoded from accepted Report requests.',
  });
  const dispatches = meter.createCounter('mixer_runtime_dispatches_total', {
    description: 'Total number of adapter dispatches handled by Mixer.',
  });
  const durations = meter.createHistogram('mixer_runtime_dispatch_duration_seconds', {
    description: 'Duration in seconds for adapter dispatches handled by Mixer.',
  });
  return {
    handled: (method, grpcCode) =>
      handled.add(1, { grpc_type: 'unary', grpc_service: 'istio.mixer.v1.Mixer', grpc_method: method, grpc_code: grpcCode }),
    attributeSets: (count) => attributeSets.add(count),
    dispatched: (meshFunction, failed, seconds) => {
      const labels = { meshFunction, error: String(failed) };
      dispatches.add(1, labels);
      durations.record(seconds, labels);
    },
  };
}
