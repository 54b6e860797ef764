import { status, type ServiceError } from '@grpc/grpc-js';
import type { ReportRequest } from '@tsmesh/contracts/istio/mixer/v1/report';
import { MixerService, type MixerServer } from '@tsmesh/contracts/istio/mixer/v1/service';
import { decodeReportBatch, type AttributeBag } from '@tsmesh/shared-attributes';
import { startGrpcServer, type GrpcServerHandle } from '@tsmesh/shared-runtime';

/**
 * A Mixer endpoint for reporter tests: decodes each Report with the shared codec (as mixer
 * does) and records requests and attribute sets; can be told to refuse reports.
 */
export interface FakeMixer {
  readonly server: GrpcServerHandle;
  readonly requests: ReportRequest[];
  readonly bags: AttributeBag[];
  refuseWith: status | undefined;
  close(): Promise<void>;
}

export async function startFakeMixer(port = 0): Promise<FakeMixer> {
  const fake: Omit<FakeMixer, 'server' | 'close'> = { requests: [], bags: [], refuseWith: undefined };
  const implementation: MixerServer = {
    report: (call, callback) => {
      if (fake.refuseWith !== undefined) {
        return callback(Object.assign(new Error('refused'), { code: fake.refuseWith, details: 'refused by test' }) as ServiceError);
      }
      fake.requests.push(call.request);
      fake.bags.push(...decodeReportBatch(call.request));
      callback(null, {});
    },
    check: (_call, callback) =>
      callback(null, {
        precondition: { status: { code: status.OK, message: '', details: [] }, validDuration: { seconds: '60', nanos: 0 }, validUseCount: 10_000 },
        quotas: {},
      }),
  };
  const server = await startGrpcServer({ host: '127.0.0.1', port, services: [{ definition: MixerService, implementation }] });
  return Object.assign(fake, { server, close: () => server.close(100) });
}
