import type { KindValidator } from '../kind-validator';
import { IssueSink } from '../issues';
import { enumName, field, list, obj, str, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';

const INDEXES = ['FIRST', 'LAST', 'BEFORE', 'AFTER'] as const;
const FILTER_TYPES = ['INVALID', 'HTTP', 'NETWORK'] as const;

/** EnvoyFilter as defined by istio/api 1.2.10 envoy_filter.proto (the pre-1.3 `filters` API). */
const fields: Fields = {
  workloadLabels: t.stringMap,
  filters: t.list(
    t.message(() => ({
      listenerMatch: t.message(() => ({
        portNumber: t.uint,
        portNamePrefix: t.string,
        listenerType: t.enumOf(['ANY', 'SIDECAR_INBOUND', 'SIDECAR_OUTBOUND', 'GATEWAY']),
        listenerProtocol: t.enumOf(['ALL', 'HTTP', 'TCP']),
        address: t.strings,
      })),
      insertPosition: t.message(() => ({ index: t.enumOf(INDEXES), relativeTo: t.string })),
      filterType: t.enumOf(FILTER_TYPES),
      filterName: t.string,
      filterConfig: t.any,
    })),
  ),
};

/** Istio's ValidateEnvoyFilter. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const filters = list(spec, 'filters');
  if (filters.length === 0) return sink.error('spec.filters', 'envoy filter must have at least one filter');
  filters.forEach((filter, i) => {
    const at = `spec.filters[${i}]`;
    const position = obj(filter, 'insertPosition');
    const index = enumName(position, 'index', INDEXES);
    if (position !== undefined && (index === 'BEFORE' || index === 'AFTER') && str(position, 'relativeTo') === '') {
      sink.error(`${at}.insertPosition.relativeTo`, 'relativeTo is required with a BEFORE/AFTER index');
    }
    if (enumName(filter, 'filterType', FILTER_TYPES) === 'INVALID') sink.error(`${at}.filterType`, 'filter type is required (HTTP or NETWORK)');
    if (str(filter, 'filterName') === '') sink.error(`${at}.filterName`, 'filter name is required');
    if (field(filter, 'filterConfig') === undefined) sink.error(`${at}.filterConfig`, 'filter config is required');
  });
}

export const envoyFilterValidator: KindValidator = { fields, rules };
