import type { KindValidator } from '../kind-validator';
import { IssueSink, keyPath } from '../issues';
import { entries, field, has, list, obj, str, type Json, type JsonObject } from '../schema/access';
import { t, type Fields } from '../schema/shape';
import { checkDurationAtLeastMs } from '../common/duration';
import { checkRegex } from '../common/values';

/** HTTPAPISpec as defined by istio/api 1.2.10 api_spec.proto and mixer/v1/attributes.proto. */
const attributeValue = t.message(() => ({
  stringValue: t.string,
  int64Value: t.any,
  doubleValue: t.double,
  boolValue: t.bool,
  bytesValue: t.string,
  timestampValue: t.string,
  durationValue: t.duration,
  stringMapValue: t.message(() => ({ entries: t.stringMap })),
}));
const attributes = t.message(() => ({ attributes: t.map(attributeValue) }));
const fields: Fields = {
  attributes,
  patterns: t.list(t.message(() => ({ attributes, httpMethod: t.string, uriTemplate: t.string, regex: t.string }))),
  apiKeys: t.list(t.message(() => ({ query: t.string, header: t.string, cookie: t.string }))),
};

/** Istio's ValidateMixerAttributes. */
function checkAttributes(value: Json, path: string, sink: IssueSink): void {
  const attrs = entries(value, 'attributes');
  if (attrs.length === 0) sink.error(`${path}.attributes`, 'list of attributes is empty');
  for (const [name, attr] of attrs) {
    const at = keyPath(`${path}.attributes`, name);
    if (field(attr, 'stringValue') === '') sink.error(`${at}.stringValue`, `string attribute "${name}" should not be empty`);
    if (field(attr, 'bytesValue') === '') sink.error(`${at}.bytesValue`, `bytes attribute "${name}" should not be empty`);
    if (has(attr, 'durationValue')) sink.check(`${at}.durationValue`, checkDurationAtLeastMs(field(attr, 'durationValue')));
    const timestamp = field(attr, 'timestampValue');
    if (typeof timestamp === 'string' && Number.isNaN(Date.parse(timestamp))) sink.error(`${at}.timestampValue`, `invalid timestamp "${timestamp}"`);
    const map = field(attr, 'stringMapValue');
    if (map !== undefined && obj(map, 'entries') === undefined) sink.error(`${at}.stringMapValue`, `string map attribute "${name}" should not be empty`);
  }
}

/** Istio's ValidateHTTPAPISpec. */
function rules(spec: JsonObject, _meta: unknown, sink: IssueSink): void {
  const topLevel = obj(spec, 'attributes');
  if (topLevel !== undefined) checkAttributes(topLevel, 'spec.attributes', sink);
  const patterns = list(spec, 'patterns');
  if (patterns.length === 0) sink.error('spec.patterns', 'at least one pattern must be specified');
  patterns.forEach((pattern, i) => {
    const at = `spec.patterns[${i}]`;
    if (str(pattern, 'httpMethod') === '') sink.error(`${at}.httpMethod`, 'httpMethod cannot be empty');
    if (field(pattern, 'uriTemplate') === '') sink.error(`${at}.uriTemplate`, 'uriTemplate cannot be empty');
    if (field(pattern, 'regex') === '') sink.error(`${at}.regex`, 'regex cannot be empty');
    if (str(pattern, 'regex') !== '') sink.check(`${at}.regex`, checkRegex(str(pattern, 'regex')));
    if (has(pattern, 'uriTemplate') && has(pattern, 'regex')) sink.error(at, 'only one of uriTemplate or regex may be set');
  });
  list(spec, 'apiKeys').forEach((key, i) => {
    for (const kind of ['query', 'header', 'cookie']) {
      if (field(key, kind) === '') sink.error(`spec.apiKeys[${i}].${kind}`, `${kind} cannot be empty`);
    }
  });
}

export const httpApiSpecValidator: KindValidator = { fields, rules };
