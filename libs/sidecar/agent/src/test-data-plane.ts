// Test helper (specs only): a minimal real SidecarDataPlane that records what the agent asks of it.
import type { AdminClusterStatus } from '@tsmesh/sidecar-admin';
import type { XdsSnapshot } from '@tsmesh/sidecar-xds-client';
import type { SidecarDataPlane } from './data-plane';

export class RecordingDataPlane implements SidecarDataPlane {
  readonly calls: string[] = [];
  applied: XdsSnapshot | undefined;

  async apply(snapshot: XdsSnapshot): Promise<void> {
    this.calls.push('apply');
    this.applied = snapshot;
  }
  clusters(): readonly AdminClusterStatus[] {
    return [];
  }
  stats(): Readonly<Record<string, number>> {
    return { 'http.inbound_0.0.0.0_9080.downstream_rq_total': 7 };
  }
  async drainListeners(): Promise<void> {
    this.calls.push('drainListeners');
  }
  async close(graceMs: number): Promise<void> {
    this.calls.push(`close(${graceMs})`);
  }
}
