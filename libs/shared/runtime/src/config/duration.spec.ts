import { formatDuration, parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['0', 0],
    ['100ms', 100],
    ['1s', 1_000],
    ['1.5m', 90_000],
    ['2160h', 2160 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['1m30.5s', 90_500],
    ['500us', 0.5],
    ['500\u00b5s', 0.5],
    ['250\u03bcs', 0.25],
    ['250000ns', 0.25],
    ['.5s', 500],
  ])('parses %s as %d ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, ms });
  });

  it.each(['', '100', '1d', '-1s', '1h junk', 'ms', '1.2.3s'])('rejects %j with a reason naming the input', (text) => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(`"${text}"`);
  });

  it('formats like Go', () => {
    expect([0, 100, 1_500, 90_000, 5_400_000].map(formatDuration)).toEqual(['0s', '100ms', '1.5s', '1m30s', '1h30m0s']);
  });
});
