import { decideFault, fractionOf, NO_FAULT } from './fault-decision';

describe('fault decisions', () => {
  const config = { delay: { fixedDelayMs: 7000, fraction: 0.5 }, abort: { httpStatus: 500, fraction: 0.1 } };

  it('delays and aborts the configured share of requests', () => {
    let seq = [0.4, 0.05];
    expect(decideFault(config, 0, () => seq.shift() ?? 1)).toEqual({ delayMs: 7000, abortStatus: 500 });
    seq = [0.6, 0.5];
    expect(decideFault(config, 0, () => seq.shift() ?? 1)).toBe(NO_FAULT);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (decideFault({ abort: { httpStatus: 503, fraction: 0.2 } }, 0).abortStatus === 503) hits++;
    expect(hits).toBeGreaterThan(1800);
    expect(hits).toBeLessThan(2200);
  });

  it('injects nothing beyond max active faults', () => {
    expect(decideFault({ ...config, maxActiveFaults: 2 }, 2, () => 0)).toBe(NO_FAULT);
  });

  it("reads Envoy's FractionalPercent", () => {
    expect(fractionOf(50, 'HUNDRED')).toBe(0.5);
    expect(fractionOf(1000, 'TEN_THOUSAND')).toBe(0.1);
    expect(fractionOf(1, 'MILLION')).toBe(0.000001);
  });
});
