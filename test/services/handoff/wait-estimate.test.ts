import { DEFAULT_PICKUP_SECONDS, describeWait, estimateWaitSeconds, median, recordDelay } from '../../../src/services/handoff/wait-estimate';

describe('estimated wait', () => {
  it('uses the default per person when nobody has been picked up yet', () => {
    expect(estimateWaitSeconds([], 1)).toBe(DEFAULT_PICKUP_SECONDS);
    expect(estimateWaitSeconds([], 3)).toBe(3 * DEFAULT_PICKUP_SECONDS);
  });

  it('is the median of recent pickup delays times the position, so one forgotten ticket does not skew it', () => {
    const delays = [60, 90, 120, 3600, 100];
    expect(median(delays)).toBe(100);
    expect(estimateWaitSeconds(delays, 1)).toBe(100);
    expect(estimateWaitSeconds(delays, 2)).toBe(200);
  });

  it('keeps only the newest samples', () => {
    let history: number[] = [];
    for (let i = 1; i <= 25; i++) history = recordDelay(history, i, 20);
    expect(history).toHaveLength(20);
    expect(history[0]).toBe(6);
    expect(history[19]).toBe(25);
  });

  it('reads naturally', () => {
    expect(describeWait(30)).toBe('less than a minute');
    expect(describeWait(60)).toBe('about 1 minute');
    expect(describeWait(240)).toBe('about 4 minutes');
    expect(describeWait(4200)).toBe('about 1 hour 10 minutes');
  });
});
