import type { ValueType } from '@tsmesh/shared-attributes';
import { t, type FieldType, type Fields } from '../schema/shape';

/**
 * The instance `params` of Istio 1.2's templates (mixer/template/<name>/template.proto and
 * kubernetesenv's `kubernetes`). Every field is an attribute expression written as a string; its
 * result must have the field's type. `istio.policy.v1beta1.Value` fields (and maps of them) take
 * any type, marked `ANY`. A nested message (authorization's subject/action) holds more fields.
 */
export type ExpressionType = ValueType | 'ANY';

export type TemplateField =
  | { kind: 'expr'; type: ExpressionType }
  | { kind: 'exprMap'; type: ExpressionType }
  | { kind: 'plain'; type: FieldType }
  | { kind: 'nested'; fields: Readonly<Record<string, TemplateField>> };

const expr = (type: ExpressionType): TemplateField => ({ kind: 'expr', type });
const STRING = expr('STRING');
const INT64 = expr('INT64');
const BOOL = expr('BOOL');
const TIMESTAMP = expr('TIMESTAMP');
const IP_ADDRESS = expr('IP_ADDRESS');
const VALUE = expr('ANY');
const VALUE_MAP: TemplateField = { kind: 'exprMap', type: 'ANY' };
const plain = (type: FieldType): TemplateField => ({ kind: 'plain', type });
const nested = (fields: Record<string, TemplateField>): TemplateField => ({ kind: 'nested', fields });

export type TemplateParams = Readonly<Record<string, TemplateField>>;

const monitored = { monitoredResourceType: STRING, monitoredResourceDimensions: VALUE_MAP };

export const TEMPLATE_PARAMS: Readonly<Record<string, TemplateParams>> = Object.freeze({
  metric: { value: VALUE, dimensions: VALUE_MAP, ...monitored },
  logentry: { variables: VALUE_MAP, timestamp: TIMESTAMP, severity: STRING, ...monitored },
  quota: { dimensions: VALUE_MAP },
  checknothing: {},
  reportnothing: {},
  listentry: { value: VALUE },
  tracespan: {
    traceId: STRING, spanId: STRING, parentSpanId: STRING, spanName: STRING, startTime: TIMESTAMP, endTime: TIMESTAMP,
    spanTags: VALUE_MAP, httpStatusCode: INT64, clientSpan: BOOL, rewriteClientSpanId: BOOL, sourceName: STRING,
    sourceIp: IP_ADDRESS, destinationName: STRING, destinationIp: IP_ADDRESS, requestSize: INT64, requestTotalSize: INT64,
    responseSize: INT64, responseTotalSize: INT64, apiProtocol: STRING,
  },
  edge: {
    timestamp: TIMESTAMP, sourceWorkloadNamespace: STRING, sourceWorkloadName: STRING, sourceOwner: STRING, sourceUid: STRING,
    destinationWorkloadNamespace: STRING, destinationWorkloadName: STRING, destinationOwner: STRING, destinationUid: STRING,
    destinationServiceNamespace: STRING, destinationServiceName: STRING, contextProtocol: STRING, apiProtocol: STRING,
  },
  // An attribute-producing template: its outputs are bound back to attributes by name.
  kubernetes: {
    sourceUid: STRING, sourceIp: IP_ADDRESS, destinationUid: STRING, destinationIp: IP_ADDRESS, destinationPort: INT64,
    attributeBindings: plain(t.stringMap),
  },
  apikey: { api: STRING, apiVersion: STRING, apiOperation: STRING, apiKey: STRING, timestamp: TIMESTAMP },
  authorization: {
    subject: nested({ user: STRING, groups: STRING, properties: VALUE_MAP }),
    action: nested({ namespace: STRING, service: STRING, method: STRING, path: STRING, properties: VALUE_MAP }),
  },
});

function shapeOf(f: TemplateField): FieldType {
  switch (f.kind) {
    case 'expr':
      return t.string;
    case 'exprMap':
      return t.stringMap;
    case 'plain':
      return f.type;
    case 'nested':
      return t.message(() => templateShape(f.fields));
  }
}

/** The jsonpb shape of a template's params: unknown fields and non-string expressions are errors. */
export function templateShape(params: TemplateParams): Fields {
  return Object.fromEntries(Object.entries(params).map(([name, f]) => [name, shapeOf(f)]));
}
