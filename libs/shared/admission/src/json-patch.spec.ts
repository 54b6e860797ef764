import { applyJsonPatch, escapePointerToken, pointer } from './json-patch';

describe('JSON pointer (RFC 6901)', () => {
  it('escapes ~ before /', () => {
    expect(escapePointerToken('sidecar.istio.io/status')).toBe('sidecar.istio.io~1status');
    expect(escapePointerToken('a~/b')).toBe('a~0~1b');
    expect(pointer('metadata', 'annotations', 'x/y~z')).toBe('/metadata/annotations/x~1y~0z');
  });
});

describe('applyJsonPatch (RFC 6902)', () => {
  const doc = { a: { b: [1, 2, 3], 'c/d': 'x', 'e~f': 'y' } };

  it('adds to objects, arrays and array ends, without touching the input', () => {
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/a/new', value: { n: 1 } },
      { op: 'add', path: '/a/b/0', value: 0 },
      { op: 'add', path: '/a/b/-', value: 4 },
    ]);
    expect(out).toEqual({ a: { b: [0, 1, 2, 3, 4], 'c/d': 'x', 'e~f': 'y', new: { n: 1 } } });
    expect(doc.a.b).toEqual([1, 2, 3]);
  });

  it('removes, replaces, moves, copies and tests, with escaped tokens', () => {
    const out = applyJsonPatch(doc, [
      { op: 'remove', path: '/a/b/1' },
      { op: 'replace', path: '/a/c~1d', value: 'X' },
      { op: 'move', from: '/a/e~0f', path: '/moved' },
      { op: 'copy', from: '/a/b', path: '/copied' },
      { op: 'test', path: '/copied', value: [1, 3] },
    ]);
    expect(out).toEqual({ a: { b: [1, 3], 'c/d': 'X' }, moved: 'y', copied: [1, 3] });
  });

  it.each([
    [{ op: 'remove', path: '/a/missing' }, /does not exist/],
    [{ op: 'replace', path: '/nope/x', value: 1 }, /does not exist/],
    [{ op: 'add', path: '/a/b/9', value: 1 }, /out of bounds/],
    [{ op: 'add', path: '/a/b/x', value: 1 }, /not an array index/],
    [{ op: 'test', path: '/a/c~1d', value: 'other' }, /test failed/],
    [{ op: 'add', path: 'no-slash', value: 1 }, /must start with/],
  ] as const)('rejects %j', (operation, message) => {
    expect(() => applyJsonPatch(doc, [operation])).toThrow(message);
  });
});
