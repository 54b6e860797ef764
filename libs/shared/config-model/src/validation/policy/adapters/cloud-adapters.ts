import { field, list, num, obj, str } from '../../schema/access';
import { t } from '../../schema/shape';
import { durationOf, probabilityField, type AdapterParams } from './adapter-schema';
import { buckets } from './prometheus';

// Hosted telemetry backends: zipkin, signalfx, solarwinds (AppOptics + Papertrail), stackdriver.

export const zipkin: AdapterParams = {
  fields: { url: t.string, sampleProbability: t.double },
  rules: (params, base, sink) => probabilityField(params, 'sampleProbability', base, sink),
};

export const signalfx: AdapterParams = {
  fields: {
    metrics: t.list(t.message(() => ({ name: t.string, type: t.enumOf(['NONE', 'COUNTER', 'HISTOGRAM']) }))),
    ingestUrl: t.string, accessToken: t.string, datapointInterval: t.duration, enableMetrics: t.bool, enableTracing: t.bool,
    tracingBufferSize: t.uint, tracingSampleProbability: t.double,
  },
  rules: (params, base, sink) => {
    if (!str(params, 'accessToken')) sink.error(`${base}.accessToken`, 'the SignalFx access token is required');
    // enableMetrics defaults to true in the adapter's DefaultConfig.
    const metrics = list(params, 'metrics');
    if (field(params, 'enableMetrics') !== false && metrics.length === 0) sink.error(`${base}.metrics`, 'with enableMetrics at least one metric must be defined');
    const url = str(params, 'ingestUrl');
    if (url && !goUrlParses(url)) sink.error(`${base}.ingestUrl`, `unable to parse URL "${url}"`);
    const interval = durationOf(params, 'datapointInterval');
    if (interval !== undefined && interval < 0.5e9) sink.error(`${base}.datapointInterval`, 'datapointInterval must not be less than one second');
    metrics.forEach((m, i) => {
      const type = field(m, 'type');
      if (type === undefined || type === 'NONE' || type === 0) sink.error(`${base}.metrics[${i}].type`, 'type must be COUNTER or HISTOGRAM');
      if (!str(m, 'name')) sink.error(`${base}.metrics[${i}].name`, 'name must not be blank');
    });
    if (field(params, 'tracingBufferSize') !== undefined && num(params, 'tracingBufferSize') === 0) {
      sink.error(`${base}.tracingBufferSize`, 'tracingBufferSize must be greater than 0');
    }
    probabilityField(params, 'tracingSampleProbability', base, sink);
  },
};

/** Go's url.Parse is lenient: it refuses control characters and malformed %-escapes. */
function goUrlParses(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\x00-\x20\x7f]/.test(text) && !/%(?![0-9a-fA-F]{2})/.test(text);
}

const PAPERTRAIL_URL = /logs\d+.papertrailapp.com:\d{3,5}/;

export const solarwinds: AdapterParams = {
  fields: {
    appopticsAccessToken: t.string, appopticsBatchSize: t.int, papertrailUrl: t.string, papertrailLocalRetentionDuration: t.duration,
    metrics: t.map(t.message(() => ({ labelNames: t.strings }))), logs: t.map(t.message(() => ({ payloadTemplate: t.string }))),
  },
  rules: (params, base, sink) => {
    const batch = num(params, 'appopticsBatchSize');
    if (batch < 0 || batch > 1000) sink.error(`${base}.appopticsBatchSize`, 'appopticsBatchSize must be within 0..1000');
    const url = str(params, 'papertrailUrl');
    if (url && !PAPERTRAIL_URL.test(url)) sink.error(`${base}.papertrailUrl`, `invalid Papertrail URL "${url}", expected logsN.papertrailapp.com:port`);
  },
};

const httpMapping = t.message(() => Object.fromEntries(
  ['status', 'requestSize', 'responseSize', 'latency', 'localIp', 'remoteIp', 'url', 'method', 'userAgent', 'referer'].map((f) => [f, t.string]),
));
const sinkInfo = t.message(() => ({
  id: t.string, destination: t.string, filter: t.string,
  UniqueWriterIdentity: t.bool, UpdateDestination: t.bool, UpdateFilter: t.bool, UpdateIncludeChildren: t.bool,
}));

export const stackdriver: AdapterParams = {
  fields: {
    endpoint: t.string, projectId: t.string, pushInterval: t.duration, appCredentials: t.bool, apiKey: t.string, serviceAccountPath: t.string,
    metricInfo: t.map(t.message(() => ({
      kind: t.enumOf(['METRIC_KIND_UNSPECIFIED', 'GAUGE', 'DELTA', 'CUMULATIVE']),
      value: t.enumOf(['VALUE_TYPE_UNSPECIFIED', 'BOOL', 'INT64', 'DOUBLE', 'STRING', 'DISTRIBUTION', 'MONEY']),
      buckets, metricType: t.string,
    }))),
    logInfo: t.map(t.message(() => ({ labelNames: t.strings, payloadTemplate: t.string, httpMapping, sinkInfo }))),
    trace: t.message(() => ({ sampleProbability: t.double })),
  },
  rules: (params, base, sink) => {
    const creds = ['appCredentials', 'apiKey', 'serviceAccountPath'].filter((c) => field(params, c) !== undefined);
    if (creds.length > 1) sink.error(`${base}.${creds[1] ?? ''}`, `only one of appCredentials, apiKey, serviceAccountPath may be set (oneof creds), got ${creds.join(', ')}`);
    const trace = obj(params, 'trace');
    if (trace) probabilityField(trace, 'sampleProbability', `${base}.trace`, sink);
  },
};
