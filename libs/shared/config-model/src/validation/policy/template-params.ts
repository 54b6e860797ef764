import { t, type FieldType, type Fields } from '../schema/shape';

/**
 * The instance `params` of Istio 1.2's templates (mixer/template/<name>/template.proto). Most
 * fields are attribute expressions, written as strings; a map of them (dimensions) or a
 * nested message (authorization's subject/action) holds more expressions.
 */
export type TemplateField =
  | { kind: 'expr' }
  | { kind: 'exprMap' }
  | { kind: 'plain'; type: FieldType }
  | { kind: 'nested'; fields: Readonly<Record<string, TemplateField>> };

const expr: TemplateField = { kind: 'expr' };
const exprMap: TemplateField = { kind: 'exprMap' };
const plain = (type: FieldType): TemplateField => ({ kind: 'plain', type });
const nested = (fields: Record<string, TemplateField>): TemplateField => ({ kind: 'nested', fields });

export type TemplateParams = Readonly<Record<string, TemplateField>>;

const monitored = { monitoredResourceType: plain(t.string), monitoredResourceDimensions: exprMap };

export const TEMPLATE_PARAMS: Readonly<Record<string, TemplateParams>> = Object.freeze({
  metric: { value: expr, dimensions: exprMap, ...monitored },
  logentry: { variables: exprMap, timestamp: expr, severity: expr, ...monitored },
  quota: { dimensions: exprMap },
  checknothing: {},
  reportnothing: {},
  listentry: { value: expr },
  tracespan: {
    traceId: expr, spanId: expr, parentSpanId: expr, spanName: expr, startTime: expr, endTime: expr, spanTags: exprMap,
    httpStatusCode: expr, clientSpan: expr, rewriteClientSpanId: expr, sourceName: expr, sourceIp: expr,
    destinationName: expr, destinationIp: expr, requestSize: expr, requestTotalSize: expr, responseSize: expr,
    responseTotalSize: expr, apiProtocol: expr,
  },
  // An attribute-producing template: its outputs are bound back to attributes by name.
  kubernetes: {
    sourceUid: expr, sourceIp: expr, destinationUid: expr, destinationIp: expr, destinationPort: expr,
    originUid: expr, originIp: expr, attributeBindings: plain(t.stringMap),
  },
  apikey: { api: expr, apiVersion: expr, apiOperation: expr, apiKey: expr, timestamp: expr },
  authorization: {
    subject: nested({ user: expr, groups: expr, properties: exprMap }),
    action: nested({ namespace: expr, service: expr, method: expr, path: expr, properties: exprMap }),
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
