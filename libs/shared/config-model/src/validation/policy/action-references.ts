import type { IssueSink } from '../issues';

// A rule action names its handler and instances as Istio 1.2's Mixer resolves them
// (mixer/pkg/runtime/config): `name` (same namespace as the rule), `name.kind` (legacy
// per-kind resources) or the fully qualified `name.kind.namespace`. Each part is a DNS-1123 label.
const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function checkActionReference(ref: string, path: string, sink: IssueSink): void {
  const parts = ref.split('.');
  if (parts.length > 3) {
    sink.error(path, `"${ref}" must be "name", "name.kind" or "name.kind.namespace"`);
    return;
  }
  const bad = parts.find((p) => p.length > 63 || !LABEL.test(p));
  if (bad !== undefined) sink.error(path, `"${ref}" is not a valid reference: "${bad}" is not a DNS-1123 label`);
}
