import type { IssueSink } from '../../issues';
import { field, list, num, obj, str, type JsonObject } from '../../schema/access';
import { t } from '../../schema/shape';
import { positiveDuration, type AdapterParams } from './adapter-schema';

const PROM_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Histogram buckets as prometheus and stackdriver both declare them (one of three definitions). */
export const buckets = t.message(() => ({
  linearBuckets: t.message(() => ({ numFiniteBuckets: t.int, width: t.double, offset: t.double })),
  exponentialBuckets: t.message(() => ({ numFiniteBuckets: t.int, growthFactor: t.double, scale: t.double })),
  explicitBuckets: t.message(() => ({ bounds: t.list(t.double) })),
}));

export function checkBuckets(b: JsonObject | undefined, path: string, sink: IssueSink): void {
  const set = ['linearBuckets', 'exponentialBuckets', 'explicitBuckets'].filter((k) => field(b, k) !== undefined);
  if (set.length !== 1) {
    sink.error(path, 'a DISTRIBUTION needs exactly one of linearBuckets, exponentialBuckets, explicitBuckets');
    return;
  }
  const lin = obj(b, 'linearBuckets');
  if (lin && num(lin, 'numFiniteBuckets') <= 0) sink.error(`${path}.linearBuckets.numFiniteBuckets`, 'must be > 0');
  if (lin && num(lin, 'width') <= 0) sink.error(`${path}.linearBuckets.width`, 'must be > 0');
  const exp = obj(b, 'exponentialBuckets');
  if (exp && num(exp, 'numFiniteBuckets') <= 0) sink.error(`${path}.exponentialBuckets.numFiniteBuckets`, 'must be > 0');
  if (exp && num(exp, 'growthFactor') <= 1) sink.error(`${path}.exponentialBuckets.growthFactor`, 'must be > 1');
  if (exp && num(exp, 'scale') <= 0) sink.error(`${path}.exponentialBuckets.scale`, 'must be > 0');
  const bounds = list(obj(b, 'explicitBuckets'), 'bounds').filter((x): x is number => typeof x === 'number');
  if (field(b, 'explicitBuckets') !== undefined && bounds.length === 0) sink.error(`${path}.explicitBuckets.bounds`, 'needs at least one bound');
  bounds.forEach((x, i) => {
    const prev = bounds[i - 1];
    if (prev !== undefined && x <= prev) sink.error(`${path}.explicitBuckets.bounds[${i}]`, 'bounds must be strictly increasing');
  });
}

export const prometheus: AdapterParams = {
  fields: {
    metrics: t.list(
      t.message(() => ({
        name: t.string, namespace: t.string, instanceName: t.string, description: t.string,
        kind: t.enumOf(['UNSPECIFIED', 'GAUGE', 'COUNTER', 'DISTRIBUTION']), buckets, labelNames: t.strings,
      })),
    ),
    metricsExpirationPolicy: t.message(() => ({ metricsExpiryDuration: t.duration, expiryCheckIntervalDuration: t.duration })),
  },
  rules: (params, base, sink) => {
    list(params, 'metrics').forEach((m, i) => {
      const path = `${base}.metrics[${i}]`;
      const name = str(m, 'name');
      if (!str(m, 'instanceName')) sink.error(`${path}.instanceName`, 'a metric needs the instance it is built from');
      if (name && !PROM_NAME.test(name)) sink.error(`${path}.name`, `invalid Prometheus metric name "${name}"`);
      const kind = field(m, 'kind');
      if (kind === undefined || kind === 'UNSPECIFIED' || kind === 0) sink.error(`${path}.kind`, 'kind must be GAUGE, COUNTER or DISTRIBUTION');
      if (kind === 'DISTRIBUTION' || kind === 3) checkBuckets(obj(m, 'buckets'), `${path}.buckets`, sink);
      list(m, 'labelNames').forEach((l, j) => {
        if (typeof l === 'string' && !PROM_LABEL.test(l)) sink.error(`${path}.labelNames[${j}]`, `invalid Prometheus label name "${l}"`);
      });
    });
    const expiry = obj(params, 'metricsExpirationPolicy');
    if (expiry) positiveDuration(expiry, 'metricsExpiryDuration', `${base}.metricsExpirationPolicy.metricsExpiryDuration`, sink);
  },
};
