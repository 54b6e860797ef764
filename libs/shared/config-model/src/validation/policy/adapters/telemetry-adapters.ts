import { keyPath } from '../../issues';
import { entries, field, int64, num, obj, str } from '../../schema/access';
import { t } from '../../schema/shape';
import { durationOf, hostPortField, isRequestUri, nonNegativeDuration, type AdapterParams } from './adapter-schema';

// Adapters that push metrics or logs out of Mixer: stdio, fluentd, statsd, dogstatsd, circonus, cloudwatch.

const LEVEL = t.enumOf(['INFO', 'WARNING', 'ERROR']);
export const stdio: AdapterParams = {
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

export const fluentd: AdapterParams = {
  fields: {
    address: t.string, integerDuration: t.bool, instanceBufferSize: t.int64, maxBatchSizeBytes: t.int64,
    pushIntervalDuration: t.duration, pushTimeoutDuration: t.duration,
  },
  rules: (params, base, sink) => {
    hostPortField(params, 'address', base, sink);
    if (int64(params, 'maxBatchSizeBytes') < 0) sink.error(`${base}.maxBatchSizeBytes`, 'must be >= 0');
    if (int64(params, 'instanceBufferSize') < 0) sink.error(`${base}.instanceBufferSize`, 'must be >= 0');
    nonNegativeDuration(params, 'pushIntervalDuration', `${base}.pushIntervalDuration`, sink);
    nonNegativeDuration(params, 'pushTimeoutDuration', `${base}.pushTimeoutDuration`, sink);
  },
};

const METRIC_TYPES = ['UNKNOWN', 'COUNTER', 'GAUGE', 'DISTRIBUTION'];

export const statsd: AdapterParams = {
  fields: {
    address: t.string, prefix: t.string, flushDuration: t.duration, flushBytes: t.int, samplingRate: t.double,
    metrics: t.map(t.message(() => ({ type: t.enumOf(METRIC_TYPES), nameTemplate: t.string }))),
  },
  rules: (params, base, sink) => {
    hostPortField(params, 'address', base, sink);
    nonNegativeDuration(params, 'flushDuration', `${base}.flushDuration`, sink);
    if (num(params, 'flushBytes') < 0) sink.error(`${base}.flushBytes`, 'flushBytes must be >= 0');
    if (num(params, 'samplingRate') < 0) sink.error(`${base}.samplingRate`, 'samplingRate must be >= 0');
    for (const [name, metric] of entries(params, 'metrics')) {
      const template = str(metric, 'nameTemplate');
      // Go's text/template refuses an action that is opened and never closed.
      if (template.split('{{').length !== template.split('}}').length) {
        sink.error(`${keyPath(`${base}.metrics`, name)}.nameTemplate`, `unbalanced {{ }} in the name template of metric "${name}"`);
      }
    }
  },
};

export const dogstatsd: AdapterParams = {
  fields: {
    address: t.string, prefix: t.string, bufferLength: t.int, globalTags: t.stringMap, sampleRate: t.double,
    metrics: t.map(t.message(() => ({ name: t.string, type: t.enumOf(['UNKNOWN_TYPE', 'COUNTER', 'GAUGE', 'DISTRIBUTION']), tags: t.stringMap }))),
  },
  rules: (params, base, sink) => {
    hostPortField(params, 'address', base, sink);
    if (num(params, 'bufferLength') < 0) sink.error(`${base}.bufferLength`, 'buffer length must be >= 0');
    const rate = field(params, 'sampleRate');
    if (typeof rate === 'number' && (rate < 0 || rate > 1)) sink.error(`${base}.sampleRate`, 'sampling rate must be between 0 and 1');
    for (const [name, metric] of entries(params, 'metrics')) {
      const type = field(metric, 'type');
      if (type === undefined || type === 'UNKNOWN_TYPE' || type === 0) sink.error(`${keyPath(`${base}.metrics`, name)}.type`, 'type must be COUNTER, GAUGE or DISTRIBUTION');
    }
  },
};

export const circonus: AdapterParams = {
  fields: {
    submissionUrl: t.string, submissionInterval: t.duration,
    metrics: t.list(t.message(() => ({ name: t.string, type: t.enumOf(METRIC_TYPES) }))),
  },
  rules: (params, base, sink) => {
    const url = str(params, 'submissionUrl');
    if (!isRequestUri(url)) sink.error(`${base}.submissionUrl`, url ? `invalid submission URL "${url}"` : 'submissionUrl is required');
    const interval = durationOf(params, 'submissionInterval');
    if (interval !== undefined && interval < 1e9) sink.error(`${base}.submissionInterval`, 'submissionInterval must be at least 1 second');
  },
};

const CLOUDWATCH_UNITS = [
  'None', 'Seconds', 'Microseconds', 'Milliseconds', 'Count', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Bytes_Second', 'Kilobytes_Second', 'Megabytes_Second',
  'Gigabytes_Second', 'Terabytes_Second', 'Bits_Second', 'Kilobits_Second', 'Megabits_Second', 'Gigabits_Second',
  'Terabits_Second', 'Count_Second',
];

export const cloudwatch: AdapterParams = {
  fields: {
    namespace: t.string, metricInfo: t.map(t.message(() => ({ unit: t.enumOf(CLOUDWATCH_UNITS) }))),
    logGroupName: t.string, logStreamName: t.string, logs: t.map(t.message(() => ({ payloadTemplate: t.string }))),
  },
  rules: (params, base, sink) => {
    for (const name of ['namespace', 'logGroupName', 'logStreamName']) {
      if (!str(params, name)) sink.error(`${base}.${name}`, `${name} must not be empty`);
    }
    if (obj(params, 'logs') === undefined) sink.error(`${base}.logs`, 'logs must be given (the adapter refuses a handler without them)');
  },
};
