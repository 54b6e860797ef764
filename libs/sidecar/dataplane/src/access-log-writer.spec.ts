import { batchedLineWriter } from './access-log-writer';

describe('batchedLineWriter', () => {
  it('writes the lines of one event-loop turn in one chunk, in order', async () => {
    const chunks: string[] = [];
    const log = batchedLineWriter((c) => chunks.push(c));
    log('a');
    log('b');
    expect(chunks).toEqual([]);
    await new Promise((r) => setImmediate(r));
    log('c');
    await new Promise((r) => setImmediate(r));
    expect(chunks).toEqual(['a\nb\n', 'c\n']);
  });

  it('flushes at once when a batch is full', () => {
    const chunks: string[] = [];
    const log = batchedLineWriter((c) => chunks.push(c), 2);
    log('1');
    log('2');
    expect(chunks).toEqual(['1\n2\n']);
  });
});
