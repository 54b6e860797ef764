import { IssueSink } from '../issues';
import { checkShape, t } from './shape';

const msg = t.message(() => ({
  perTryTimeout: t.duration,
  port: t.uint,
  mode: t.enumOf(['A', 'B']),
  labels: t.stringMap,
  items: t.list(t.message(() => ({ name: t.string }))),
}));

function shapeErrors(value: unknown): Array<[string, string]> {
  const sink = new IssueSink();
  checkShape(value, msg, 'spec', sink);
  return sink.issues.map((i) => [i.path, i.message]);
}

describe('checkShape', () => {
  it('accepts camelCase and snake_case field names and nulls', () => {
    expect(shapeErrors({ perTryTimeout: '1s', per_try_timeout: '2s', mode: 1, labels: null })).toEqual([]);
  });
  it('reports unknown fields and wrong types with paths', () => {
    expect(shapeErrors({ bogus: 1, port: -1, mode: 'C', items: [{ name: 3, extra: true }], labels: { a: 1 } })).toEqual([
      ['spec.bogus', 'unknown field "bogus"'],
      ['spec.port', 'expected a non-negative integer, got -1'],
      ['spec.mode', 'invalid value "C", expected one of A, B'],
      ['spec.items[0].name', 'expected a string, got number 3'],
      ['spec.items[0].extra', 'unknown field "extra"'],
      ['spec.labels.a', 'expected a string, got number 1'],
    ]);
  });
  it('rejects unparseable durations', () => {
    expect(shapeErrors({ perTryTimeout: '10' })).toEqual([['spec.perTryTimeout', 'invalid duration "10"']]);
  });
  it('reads int64 fields as jsonpb does: a JSON integer or a decimal string', () => {
    const sink = new IssueSink();
    const amounts = t.message(() => ({ a: t.int64, b: t.int64, c: t.int64, d: t.int64 }));
    checkShape({ a: 5000, b: '-12', c: '5k', d: 1.5 }, amounts, 'spec', sink);
    expect(sink.issues.map((i) => i.path)).toEqual(['spec.c', 'spec.d']);
  });
});
