/** What a component tells the local-mesh runner and /debug/status about itself. */
export interface Announcement {
  /** Merged into the known ports, e.g. `{ grpc: 15010 }`; report bound ports, not requested ones. */
  readonly ports?: Readonly<Record<string, number>>;
  /** Replaces the list of peers currently connected to, e.g. `['galley']`. */
  readonly connectedTo?: readonly string[];
}

export interface AnnouncedState {
  readonly ports: Readonly<Record<string, number>>;
  readonly connectedTo: readonly string[];
}

/** Accumulates announcements; each read returns a fresh copy so callers cannot mutate the state. */
export class AnnouncementBoard {
  private ports: Record<string, number> = {};
  private connectedTo: string[] = [];

  announce(announcement: Announcement): void {
    if (announcement.ports) this.ports = { ...this.ports, ...announcement.ports };
    if (announcement.connectedTo) this.connectedTo = [...announcement.connectedTo];
  }

  snapshot(): AnnouncedState {
    return { ports: { ...this.ports }, connectedTo: [...this.connectedTo] };
  }
}
