import { scheduleAt } from './long-timeout';

describe('scheduleAt', () => {
  afterEach(() => jest.useRealTimers());

  it('waits beyond the 24.8 day setTimeout limit in steps', () => {
    jest.useFakeTimers({ now: 0 });
    const fired = jest.fn();
    const fortyFiveDays = 45 * 24 * 3_600_000;
    scheduleAt(new Date(fortyFiveDays), fired);
    jest.advanceTimersByTime(2 ** 31);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(fortyFiveDays - 2 ** 31 - 1);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it('fires asynchronously for a past instant, and can be cancelled', () => {
    jest.useFakeTimers({ now: 1000 });
    const fired = jest.fn();
    scheduleAt(new Date(0), fired);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(0);
    expect(fired).toHaveBeenCalledTimes(1);
    const cancelled = jest.fn();
    const cancel = scheduleAt(new Date(5000), cancelled);
    cancel();
    jest.advanceTimersByTime(10_000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
