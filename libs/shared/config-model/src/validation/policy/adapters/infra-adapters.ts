import { str } from '../../schema/access';
import { t } from '../../schema/shape';
import { noRules, type AdapterParams } from './adapter-schema';

// Adapters that feed Mixer itself or stand in for others: bypass, noop, kubernetesenv.

/** Forwards to an out-of-process backend; `params` is that backend's own (google.protobuf.Any) config. */
export const bypass: AdapterParams = {
  fields: { backendAddress: t.string, params: t.any, sessionBased: t.bool },
  rules: (params, base, sink) => {
    if (!str(params, 'backendAddress')) sink.error(`${base}.backendAddress`, 'backendAddress is required: the adapter dials it to validate and dispatch');
  },
};

/** noop's config is google.protobuf.Empty: any field is unknown. */
export const noop: AdapterParams = { fields: {}, rules: noRules };

/** Reserved fields 3..6 of 1.2's proto were removed in earlier releases, so they are unknown here too. */
export const kubernetesenv: AdapterParams = {
  fields: { kubeconfigPath: t.string, cacheRefreshDuration: t.duration, clusterRegistriesNamespace: t.string },
  rules: noRules,
};
