import type { IssueSink } from '../../issues';
import { entries, field, int64, list, str, type JsonObject } from '../../schema/access';
import { t } from '../../schema/shape';
import { durationOf, positiveDuration, type AdapterParams } from './adapter-schema';

function checkQuotas(params: JsonObject, base: string, sink: IssueSink): void {
  const seen = new Set<string>();
  list(params, 'quotas').forEach((q, i) => {
    const path = `${base}.quotas[${i}]`;
    const name = str(q, 'name');
    if (!name) sink.error(`${path}.name`, 'a quota needs a name');
    else if (seen.has(name)) sink.error(`${path}.name`, `duplicate quota "${name}"`);
    seen.add(name);
    if (int64(q, 'maxAmount') <= 0) sink.error(`${path}.maxAmount`, 'maxAmount must be > 0');
    if (field(q, 'validDuration') !== undefined) positiveDuration(q, 'validDuration', `${path}.validDuration`, sink);
    list(q, 'overrides').forEach((o, j) => {
      if (int64(o, 'maxAmount') <= 0) sink.error(`${path}.overrides[${j}].maxAmount`, 'maxAmount must be > 0');
      if (entries(o, 'dimensions').length === 0) sink.error(`${path}.overrides[${j}].dimensions`, 'an override needs dimensions to match');
    });
  });
}

export const memquota: AdapterParams = {
  fields: {
    quotas: t.list(t.message(() => ({
      name: t.string, maxAmount: t.int64, validDuration: t.duration,
      overrides: t.list(t.message(() => ({ dimensions: t.stringMap, maxAmount: t.int64, validDuration: t.duration }))),
    }))),
    minDeduplicationDuration: t.duration,
  },
  rules: (params, base, sink) => {
    checkQuotas(params, base, sink);
    positiveDuration(params, 'minDeduplicationDuration', `${base}.minDeduplicationDuration`, sink);
  },
};

export const redisquota: AdapterParams = {
  fields: {
    quotas: t.list(t.message(() => ({
      name: t.string, maxAmount: t.int64, validDuration: t.duration, bucketDuration: t.duration,
      rateLimitAlgorithm: t.enumOf(['FIXED_WINDOW', 'ROLLING_WINDOW']),
      overrides: t.list(t.message(() => ({ dimensions: t.stringMap, maxAmount: t.int64 }))),
    }))),
    redisServerUrl: t.string, connectionPoolSize: t.int64,
  },
  rules: (params, base, sink) => {
    checkQuotas(params, base, sink);
    list(params, 'quotas').forEach((q, i) => {
      const path = `${base}.quotas[${i}]`;
      const algo = field(q, 'rateLimitAlgorithm');
      const rolling = algo === 'ROLLING_WINDOW' || algo === 1;
      const valid = durationOf(q, 'validDuration') ?? 0;
      const bucket = durationOf(q, 'bucketDuration') ?? 0;
      if (valid <= 0) sink.error(`${path}.validDuration`, 'validDuration must be > 0');
      if (rolling && bucket <= 0) sink.error(`${path}.bucketDuration`, 'ROLLING_WINDOW needs a positive bucketDuration');
      if (rolling && bucket > 0 && valid > 0 && bucket >= valid) sink.error(`${path}.bucketDuration`, 'bucketDuration must be shorter than validDuration');
    });
    const url = str(params, 'redisServerUrl');
    if (!url) sink.error(`${base}.redisServerUrl`, 'redisServerUrl (host:port) is required');
    else if (!/^[^\s:/]+:\d{1,5}$/.test(url)) sink.error(`${base}.redisServerUrl`, `invalid redis address "${url}", expected host:port`);
    if (field(params, 'connectionPoolSize') !== undefined && int64(params, 'connectionPoolSize') <= 0) {
      sink.error(`${base}.connectionPoolSize`, 'connectionPoolSize must be > 0');
    }
  },
};
