import type { IssueSink } from '../issues';
import { entries, field, list, num, obj, str, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { parseGoDuration } from '../common/duration';

/**
 * The `params` of Istio 1.2's compiled-in adapters (mixer/adapter/<name>/config/config.proto),
 * each a shape plus the checks of the adapter's own `Validate()`. Paths are rooted at `base`
 * (`spec.params` for a generic handler, `spec` for a per-adapter kind such as `kind: prometheus`).
 */
export interface AdapterParams {
  fields: Fields;
  rules(params: JsonObject, base: string, sink: IssueSink): void;
}

const noRules = (): void => undefined;
const positiveDuration = (parent: JsonObject, name: string, path: string, sink: IssueSink): void => {
  const v = field(parent, name);
  if (typeof v === 'string' && (parseGoDuration(v) ?? 0) <= 0) sink.error(path, `${name} must be a positive duration`);
};

const PROM_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const PROM_LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const buckets = t.message(() => ({
  linearBuckets: t.message(() => ({ numFiniteBuckets: t.int, width: t.double, offset: t.double })),
  exponentialBuckets: t.message(() => ({ numFiniteBuckets: t.int, growthFactor: t.double, scale: t.double })),
  explicitBuckets: t.message(() => ({ bounds: t.list(t.double) })),
}));

const prometheus: AdapterParams = {
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

function checkBuckets(b: JsonObject | undefined, path: string, sink: IssueSink): void {
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

const LEVEL = t.enumOf(['INFO', 'WARNING', 'ERROR']);
const stdio: AdapterParams = {
  fields: {
    logStream: t.enumOf(['STDOUT', 'STDERR', 'FILE', 'ROTATED_FILE']),
    severityLevels: t.map(LEVEL), metricLevel: LEVEL, outputAsJson: t.bool, outputLevel: LEVEL, outputPath: t.string,
    maxMegabytesBeforeRotation: t.int, maxDaysBeforeRotation: t.int, maxRotatedFiles: t.int,
  },
  rules: (params, base, sink) => {
    const stream = field(params, 'logStream');
    if ((stream === 'FILE' || stream === 'ROTATED_FILE' || stream === 2 || stream === 3) && !str(params, 'outputPath')) {
      sink.error(`${base}.outputPath`, 'a file log stream needs outputPath');
    }
  },
};

const denier: AdapterParams = {
  fields: { status: t.message(() => ({ code: t.int, message: t.string, details: t.list(t.any) })), validDuration: t.duration, validUseCount: t.int },
  rules: (params, base, sink) => {
    const code = num(obj(params, 'status'), 'code');
    if (code < 0 || code > 16) sink.error(`${base}.status.code`, `invalid google.rpc.Code ${code}, expected 0..16`);
    if (num(params, 'validUseCount') < 0) sink.error(`${base}.validUseCount`, 'must be >= 0');
  },
};

const ENTRY_TYPES = ['STRINGS', 'CASE_INSENSITIVE_STRINGS', 'IP_ADDRESSES', 'REGEX'];
const listchecker: AdapterParams = {
  fields: {
    providerUrl: t.string, refreshInterval: t.duration, ttl: t.duration, cachingInterval: t.duration, cachingUseCount: t.int,
    overrides: t.strings, entryType: t.enumOf(ENTRY_TYPES), blacklist: t.bool,
  },
  rules: (params, base, sink) => {
    const url = str(params, 'providerUrl');
    if (url) {
      if (!/^https?:\/\/[^/]+/.test(url)) sink.error(`${base}.providerUrl`, `invalid provider URL "${url}"`);
      positiveDuration(params, 'refreshInterval', `${base}.refreshInterval`, sink);
      positiveDuration(params, 'ttl', `${base}.ttl`, sink);
    }
    const type = field(params, 'entryType');
    list(params, 'overrides').forEach((o, i) => {
      if (typeof o !== 'string') return;
      const path = `${base}.overrides[${i}]`;
      if ((type === 'IP_ADDRESSES' || type === 2) && !isIpOrCidr(o)) sink.error(path, `"${o}" is not an IP address or CIDR`);
      if (type === 'REGEX' || type === 3) {
        try {
          new RegExp(o);
        } catch {
          sink.error(path, `"${o}" is not a valid regular expression`);
        }
      }
    });
  },
};

function isIpOrCidr(s: string): boolean {
  const [ip = '', bits, extra] = s.split('/');
  if (extra !== undefined) return false;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  const isV4 = v4 !== null && v4.slice(1).every((p) => Number(p) <= 255);
  const isV6 = !isV4 && ip.includes(':') && /^[0-9a-fA-F:.]+$/.test(ip);
  if (!isV4 && !isV6) return false;
  return bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (isV4 ? 32 : 128));
}

function checkQuotas(params: JsonObject, base: string, sink: IssueSink, needsDuration: boolean): void {
  const seen = new Set<string>();
  list(params, 'quotas').forEach((q, i) => {
    const path = `${base}.quotas[${i}]`;
    const name = str(q, 'name');
    if (!name) sink.error(`${path}.name`, 'a quota needs a name');
    else if (seen.has(name)) sink.error(`${path}.name`, `duplicate quota "${name}"`);
    seen.add(name);
    if (num(q, 'maxAmount') <= 0) sink.error(`${path}.maxAmount`, 'maxAmount must be > 0');
    if (needsDuration && field(q, 'validDuration') !== undefined) positiveDuration(q as JsonObject, 'validDuration', `${path}.validDuration`, sink);
    list(q, 'overrides').forEach((o, j) => {
      if (num(o, 'maxAmount') <= 0) sink.error(`${path}.overrides[${j}].maxAmount`, 'maxAmount must be > 0');
      if (entries(o, 'dimensions').length === 0) sink.error(`${path}.overrides[${j}].dimensions`, 'an override needs dimensions to match');
    });
  });
}

const memquota: AdapterParams = {
  fields: {
    quotas: t.list(t.message(() => ({
      name: t.string, maxAmount: t.int, validDuration: t.duration,
      overrides: t.list(t.message(() => ({ dimensions: t.stringMap, maxAmount: t.int, validDuration: t.duration }))),
    }))),
    minDeduplicationDuration: t.duration,
  },
  rules: (params, base, sink) => {
    checkQuotas(params, base, sink, true);
    positiveDuration(params, 'minDeduplicationDuration', `${base}.minDeduplicationDuration`, sink);
  },
};

const redisquota: AdapterParams = {
  fields: {
    quotas: t.list(t.message(() => ({
      name: t.string, maxAmount: t.int, validDuration: t.duration, bucketDuration: t.duration,
      rateLimitAlgorithm: t.enumOf(['FIXED_WINDOW', 'ROLLING_WINDOW']),
      overrides: t.list(t.message(() => ({ dimensions: t.stringMap, maxAmount: t.int }))),
    }))),
    redisServerUrl: t.string, connectionPoolSize: t.int,
  },
  rules: (params, base, sink) => {
    checkQuotas(params, base, sink, true);
    list(params, 'quotas').forEach((q, i) => {
      const path = `${base}.quotas[${i}]`;
      const algo = field(q, 'rateLimitAlgorithm');
      const rolling = algo === 'ROLLING_WINDOW' || algo === 1;
      const valid = parseGoDuration(str(q, 'validDuration')) ?? 0;
      const bucket = parseGoDuration(str(q, 'bucketDuration')) ?? 0;
      if (valid <= 0) sink.error(`${path}.validDuration`, 'validDuration must be > 0');
      if (rolling && bucket <= 0) sink.error(`${path}.bucketDuration`, 'ROLLING_WINDOW needs a positive bucketDuration');
      if (rolling && bucket > 0 && valid > 0 && bucket >= valid) sink.error(`${path}.bucketDuration`, 'bucketDuration must be shorter than validDuration');
    });
    const url = str(params, 'redisServerUrl');
    if (!url) sink.error(`${base}.redisServerUrl`, 'redisServerUrl (host:port) is required');
    else if (!/^[^\s:/]+:\d{1,5}$/.test(url)) sink.error(`${base}.redisServerUrl`, `invalid redis address "${url}", expected host:port`);
    if (field(params, 'connectionPoolSize') !== undefined && num(params, 'connectionPoolSize') <= 0) {
      sink.error(`${base}.connectionPoolSize`, 'connectionPoolSize must be > 0');
    }
  },
};

const fluentd: AdapterParams = {
  fields: {
    address: t.string, integerDuration: t.bool, instanceName: t.string, bufferSize: t.int,
    maxBatchSizeBytes: t.int, pushIntervalDuration: t.duration, pushTimeoutDuration: t.duration,
  },
  rules: (params, base, sink) => {
    const address = str(params, 'address');
    if (address && !/^[^\s:/]+:\d{1,5}$/.test(address)) sink.error(`${base}.address`, `invalid fluentd address "${address}", expected host:port`);
  },
};

const kubernetesenv: AdapterParams = {
  fields: { kubeconfigPath: t.string, cacheRefreshDuration: t.duration, clusterDomainName: t.string },
  rules: noRules,
};

const statsd: AdapterParams = {
  fields: {
    address: t.string, prefix: t.string, flushDuration: t.duration, flushBytes: t.int, samplingRate: t.double,
    metrics: t.map(t.message(() => ({ nameTemplate: t.string, type: t.enumOf(['UNKNOWN', 'COUNTER', 'GAUGE', 'DISTRIBUTION']) }))),
  },
  rules: noRules,
};

/** Adapter name (handler `compiledAdapter`, or the per-adapter kind) -> its params schema. */
export const ADAPTER_PARAMS: Readonly<Record<string, AdapterParams>> = Object.freeze({
  prometheus, stdio, denier, listchecker, memquota, redisquota, fluentd, kubernetesenv, statsd,
});
