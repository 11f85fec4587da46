import { cpuMsPerRequest, cpuTicksFromStat } from './process-cpu';

describe('cpuTicksFromStat', () => {
  it('should add utime and stime (fields 14 and 15)', () => {
    const stat = '4242 (node) S 1 4242 4242 0 -1 4194560 900 0 0 0 1234 56 0 0 20 0 11 0 8000 1000000 9000';
    expect(cpuTicksFromStat(stat)).toBe(1290);
  });

  it('should count fields from the last parenthesis, since a command name may hold spaces and parentheses', () => {
    const stat = '7 (my (odd) name) R 1 7 7 0 -1 0 0 0 0 0 10 5 0 0 20 0 1 0 1 1 1';
    expect(cpuTicksFromStat(stat)).toBe(15);
  });

  it('should give undefined for text that is not a stat line', () => {
    expect(cpuTicksFromStat('nothing here')).toBeUndefined();
  });
});

describe('cpuMsPerRequest', () => {
  it('should divide the CPU used by the requests served', () => {
    expect(cpuMsPerRequest(1000, 1450, 1000)).toBe(0.45);
  });

  it('should give undefined when a reading is missing or nothing was served', () => {
    expect(cpuMsPerRequest(undefined, 1450, 1000)).toBeUndefined();
    expect(cpuMsPerRequest(1000, 1450, 0)).toBeUndefined();
  });
});
