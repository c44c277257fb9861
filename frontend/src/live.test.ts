import { formatDuration, throughput } from './live';

describe('throughput and ETA', () => {
  it('needs two finished pages', () => {
    expect(throughput([1000], 5)).toEqual({});
  });

  it('2 pages in 4 s is 30 pages a minute, the ETA the remaining pages at that rate', () => {
    const rate = throughput([0, 2000, 4000], 10);
    expect(rate.perMinute).toBeCloseTo(30);
    expect(rate.etaSeconds).toBeCloseTo(20);
    expect(formatDuration(20)).toBe('20 s');
    expect(formatDuration(125)).toBe('2 min 5 s');
  });
});
