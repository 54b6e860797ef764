import { GlobalDictionary, ISTIO_1_2_GLOBAL_DICTIONARY, MessageWordTable } from './dictionaries';
import { ISTIO_1_2_GLOBAL_WORDS } from './global-words';

describe('Istio 1.2 global dictionary', () => {
  it('has the 221 words of mixer 1.2 in wire order', () => {
    expect(ISTIO_1_2_GLOBAL_WORDS).toHaveLength(221);
    expect(ISTIO_1_2_GLOBAL_WORDS.slice(0, 5)).toEqual(['source.ip', 'source.port', 'source.name', 'source.uid', 'source.namespace']);
    expect(ISTIO_1_2_GLOBAL_WORDS[15]).toBe('request.headers');
    expect(ISTIO_1_2_GLOBAL_WORDS[92]).toBe('http');
    expect(ISTIO_1_2_GLOBAL_WORDS[94]).toBe("'200'");
    expect(ISTIO_1_2_GLOBAL_WORDS[136]).toBe('200');
    expect(ISTIO_1_2_GLOBAL_WORDS[150]).toBe('destination.ip');
    expect(ISTIO_1_2_GLOBAL_WORDS[218]).toBe('"-"');
    expect(ISTIO_1_2_GLOBAL_WORDS[220]).toBe('outbound');
    expect(new Set(ISTIO_1_2_GLOBAL_WORDS).size).toBe(221);
  });

  it('finds words by index and reports unknown words as absent', () => {
    expect(ISTIO_1_2_GLOBAL_DICTIONARY.indexOf('context.reporter.kind')).toBe(201);
    expect(ISTIO_1_2_GLOBAL_DICTIONARY.indexOf('no.such.word')).toBeUndefined();
    expect(new GlobalDictionary(['a', 'b', 'a']).indexOf('a')).toBe(0);
  });
});

describe('MessageWordTable', () => {
  it('hands out -1 - position and lists each word once', () => {
    const table = new MessageWordTable();
    expect(table.indexOf('x')).toBe(-1);
    expect(table.indexOf('y')).toBe(-2);
    expect(table.indexOf('x')).toBe(-1);
    expect(table.words()).toEqual(['x', 'y']);
  });
});
