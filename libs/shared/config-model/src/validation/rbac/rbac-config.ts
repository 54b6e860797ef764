import type { KindValidator } from '../kind-validator';
import { IssueSink, type ResourceMeta } from '../issues';
import { enumName, has, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';

const MODES = ['OFF', 'ON', 'ON_WITH_INCLUSION', 'ON_WITH_EXCLUSION'] as const;
const DEFAULT_NAME = 'default';

/** RbacConfig / ClusterRbacConfig as defined by istio/api 1.2.10 rbac/v1alpha1/rbac.proto. */
const target = t.message(() => ({
  services: t.strings,
  workloadSelectors: t.list(t.message(() => ({ labels: t.stringMap }))),
  namespaces: t.strings,
}));
const fields: Fields = {
  mode: t.enumOf(MODES),
  inclusion: target,
  exclusion: target,
  enforcementMode: t.enumOf(['ENFORCED', 'PERMISSIVE']),
};

/** Istio's checkRbacConfig: a singleton named "default"; inclusion/exclusion present for their modes. */
function rules(kind: string) {
  return (spec: JsonObject, meta: ResourceMeta, sink: IssueSink): void => {
    if (meta.name !== DEFAULT_NAME) sink.error('metadata.name', `${kind} must be named "${DEFAULT_NAME}", found "${meta.name}"`);
    const mode = enumName(spec, 'mode', MODES);
    if (mode === 'ON_WITH_INCLUSION' && !has(spec, 'inclusion')) sink.error('spec.inclusion', "inclusion cannot be null (use 'inclusion: {}' for none)");
    if (mode === 'ON_WITH_EXCLUSION' && !has(spec, 'exclusion')) sink.error('spec.exclusion', "exclusion cannot be null (use 'exclusion: {}' for none)");
    if (kind === 'RbacConfig') sink.warn('kind', 'RbacConfig is deprecated, use ClusterRbacConfig instead');
  };
}

export const rbacConfigValidator: KindValidator = { fields, rules: rules('RbacConfig') };
export const clusterRbacConfigValidator: KindValidator = { fields, rules: rules('ClusterRbacConfig') };
