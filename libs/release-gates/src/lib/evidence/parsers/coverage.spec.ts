import { parseCoverage } from './coverage';
import { fixture } from './fixtures/fixture';
import { unparseable } from './fixtures/unparseable';

describe('parseCoverage', () => {
  it("should sum istanbul's lcov records into percentages", () => {
    expect(parseCoverage(fixture('lcov.info'))).toEqual({
      format: 'lcov',
      lines: 83.33,
      branches: 66.67,
      functions: 80,
    });
  });

  it('should count lcov records that carry no summary lines from their DA, BRDA and FNDA lines', () => {
    const lcov = [
      'SF:a.ts',
      'FNDA:1,f',
      'FNDA:0,g',
      'DA:1,1',
      'DA:2,0',
      'DA:3,5',
      'BRDA:3,0,0,1',
      'BRDA:3,0,1,-',
      'end_of_record',
    ];
    expect(parseCoverage(Buffer.from(lcov.join('\r\n')))).toEqual({
      format: 'lcov',
      lines: 66.67,
      branches: 50,
      functions: 50,
    });
  });

  it('should read Cobertura XML with its DOCTYPE, functions from its methods', () => {
    expect(parseCoverage(fixture('cobertura.xml'))).toEqual({
      format: 'cobertura',
      lines: 83.33,
      branches: 66.67,
      functions: 80,
    });
  });

  it("should leave out what coverage.py's Cobertura does not measure (branches without --branch, methods)", () => {
    expect(parseCoverage(fixture('cobertura-coverage-py.xml'))).toEqual({ format: 'cobertura', lines: 72.5 });
  });

  it('should fall back to the rates when Cobertura gives no counts', () => {
    const xml = '<coverage line-rate="0.91234" branch-rate="0.5"><packages/></coverage>';
    expect(parseCoverage(Buffer.from(xml))).toEqual({ format: 'cobertura', lines: 91.23, branches: 50 });
  });

  it('should say which lcov line is broken', () => {
    const lcov = 'TN:\nSF:a.ts\nDA:1,1\nLF:one\nend_of_record\n';
    expect(unparseable(parseCoverage, Buffer.from(lcov))).toMatchObject({ reason: 'LF is not a count', line: 4 });
    const junk = 'SF:a.ts\nDA:1,1\nthis is not lcov\n';
    expect(unparseable(parseCoverage, Buffer.from(junk))).toMatchObject({ line: 3 });
    expect(unparseable(parseCoverage, Buffer.from('DA:1,1\n'))).toMatchObject({ line: 1 });
  });

  it('should refuse files that are neither lcov nor Cobertura', () => {
    expect(unparseable(parseCoverage, fixture('jest-junit.xml')).reason).toMatch(/<testsuites>, not Cobertura/);
    expect(unparseable(parseCoverage, Buffer.from('{"total": {"lines": {"pct": 80}}}')).line).toBe(1);
    expect(unparseable(parseCoverage, Buffer.from('\n\n')).reason).toBe('the file is empty');
    expect(unparseable(parseCoverage, Buffer.from('<coverage line-rate="1.5"/>')).reason).toMatch(/between 0 and 1/);
  });

  it('should name the line of a Cobertura attribute that is not a number', () => {
    const xml = [
      '<?xml version="1.0" ?>',
      '<coverage>',
      '  <packages><package name="p"><classes><class name="a" filename="a.ts"><lines>',
      '    <line number="1" hits="1"/>',
      '    <line number="2" hits="often"/>',
      '  </lines></class></classes></package></packages>',
      '</coverage>',
    ].join('\r\n');
    expect(unparseable(parseCoverage, Buffer.from(xml))).toMatchObject({
      reason: '<line> hits is not a number',
      line: 5,
    });
  });
});
