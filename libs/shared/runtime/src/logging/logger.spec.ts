import { Writable } from 'node:stream';
import { createLogger } from './logger';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const lines = (): Record<string, unknown>[] =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with component, level name and time', () => {
    const { stream, lines } = capture();
    const log = createLogger({ component: 'pilot', destination: stream });
    log.info({ port: 15010 }, 'listening');
    const [line] = lines();
    expect(line).toMatchObject({ level: 'info', component: 'pilot', pid: process.pid, port: 15010, msg: 'listening' });
    expect(typeof line?.['time']).toBe('string');
  });

  it('drops lines below the configured level', () => {
    const { stream, lines } = capture();
    const log = createLogger({ component: 'galley', level: 'warn', destination: stream });
    log.info('hidden');
    log.debug('hidden');
    log.warn('shown');
    expect(lines().map((line) => line['msg'])).toEqual(['shown']);
  });
});
