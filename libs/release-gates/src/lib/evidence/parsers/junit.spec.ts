import { EvidenceUnparseable } from './evidence-unparseable';
import { fixture } from './fixtures/fixture';
import { unparseable as unparseableAs } from './fixtures/unparseable';
import { MAX_FAILING_NAMES, parseJunit } from './junit';

const unparseable = (bytes: Buffer) => unparseableAs(parseJunit, bytes);

describe('parseJunit', () => {
  it("should count jest-junit's report, a suite that failed to run as an error", () => {
    expect(parseJunit(fixture('jest-junit.xml'))).toEqual({
      tests: 9,
      failures: 2,
      errors: 1,
      skipped: 1,
      // 6 passed of 8 tests that ran and one suite that did not.
      passRate: 66.67,
      durationSeconds: 4.317,
      failing: [
        'Invoice totals should round half to even',
        'Stripe sync should retry a 429 with backoff',
        'Test suite failed to run › libs/billing/src/lib/tax-table.spec.ts',
      ],
    });
  });

  it("should read the report Keel's own npm test writes (jest.ci.config.js: file as class, describe path in the name)", () => {
    expect(parseJunit(fixture('keel-ci-junit.xml'))).toEqual({
      tests: 5,
      failures: 1,
      errors: 0,
      skipped: 1,
      passRate: 75,
      durationSeconds: 38.114,
      failing: ['libs/platform/errors/src/lib/to-problem.spec.ts › toProblem › should map a 413 to PAYLOAD_TOO_LARGE'],
    });
  });

  it('should name a suite that reports an error without any test case', () => {
    const xml = `<testsuites>
      <testsuite name="com.acme.BootTest" tests="0" failures="0" errors="1" time="0.2"/>
      <testsuite name="com.acme.CartTest" tests="1" failures="0" errors="0"><testcase classname="com.acme.CartTest" name="adds"/></testsuite>
    </testsuites>`;
    expect(parseJunit(Buffer.from(xml))).toMatchObject({
      tests: 1,
      errors: 1,
      passRate: 50,
      failing: ['com.acme.BootTest'],
    });
  });

  it("should count pytest's single-suite report with a setup error and skips", () => {
    expect(parseJunit(fixture('pytest.xml'))).toEqual({
      tests: 7,
      failures: 1,
      errors: 1,
      skipped: 2,
      passRate: 60,
      durationSeconds: 3.482,
      failing: ['tests.test_orders › test_cancel_order[shipped]', 'tests.test_payments › test_refund'],
    });
  });

  it("should count Maven Surefire's report, a flaky test that passed on rerun as passed", () => {
    expect(parseJunit(fixture('surefire.xml'))).toEqual({
      tests: 6,
      failures: 1,
      errors: 1,
      skipped: 1,
      passRate: 60,
      durationSeconds: 0.412,
      failing: [
        'com.acme.cart.CartServiceTest › appliesDiscount',
        'com.acme.cart.CartServiceTest › checksOutWithEmptyCart',
      ],
    });
  });

  it('should count from the test cases when the suites carry no counts', () => {
    expect(parseJunit(fixture('junit-no-counts.xml'))).toEqual({
      tests: 4,
      failures: 1,
      errors: 0,
      skipped: 1,
      passRate: 66.67,
      durationSeconds: 1.671,
      failing: ['handlers › TestCreateUser'],
    });
  });

  it('should decode entities in test names', () => {
    const xml = `<testsuite tests="1" failures="1"><testcase classname="Cart" name="shows &quot;credit&quot; &amp; &lt;refund&gt; &#8364;"><failure/></testcase></testsuite>`;
    expect(parseJunit(Buffer.from(xml)).failing).toEqual(['Cart › shows "credit" & <refund> €']);
  });

  it('should report 100 with nothing failing, and no passRate when nothing ran', () => {
    const green = '<testsuites><testsuite tests="2"><testcase name="a"/><testcase name="b"/></testsuite></testsuites>';
    expect(parseJunit(Buffer.from(green))).toMatchObject({ tests: 2, failures: 0, passRate: 100, failing: [] });
    const skippedOnly = '<testsuite><testcase name="a"><skipped/></testcase></testsuite>';
    const facts = parseJunit(Buffer.from(skippedOnly));
    expect(facts).toMatchObject({ tests: 1, skipped: 1 });
    expect(facts).not.toHaveProperty('passRate');
    expect(parseJunit(Buffer.from('<testsuites/>'))).toEqual({
      tests: 0,
      failures: 0,
      errors: 0,
      skipped: 0,
      failing: [],
    });
  });

  it('should keep the first 100 failing names of a larger failure', () => {
    const cases = Array.from(
      { length: 150 },
      (_, i) => `<testcase classname="Mass" name="case ${i}"><failure/></testcase>`,
    );
    const facts = parseJunit(Buffer.from(`<testsuite>${cases.join('')}</testsuite>`));
    expect(facts.failures).toBe(150);
    expect(facts.failing).toHaveLength(MAX_FAILING_NAMES);
    expect(facts.failing[99]).toBe('Mass › case 99');
  });

  it('should not count nested suites twice', () => {
    const xml = `<testsuites><testsuite name="all" tests="3" failures="1">
      <testsuite name="a" tests="2" failures="1"><testcase name="a1"/><testcase name="a2"><failure/></testcase></testsuite>
      <testsuite name="b" tests="1"><testcase name="b1"/></testsuite>
    </testsuite></testsuites>`;
    expect(parseJunit(Buffer.from(xml))).toMatchObject({ tests: 3, failures: 1, failing: ['a2'] });
  });

  it('should read a UTF-16 report written by a Windows tool', () => {
    const xml = '<testsuite tests="1" failures="0"><testcase classname="Win" name="ok"/></testsuite>';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    expect(parseJunit(bytes)).toMatchObject({ tests: 1, passRate: 100 });
  });

  it('should say where a truncated report breaks', () => {
    const error = unparseable(fixture('junit-truncated.xml'));
    expect(error.reason).toMatch(/^not well-formed XML: .*closing tag/i);
    expect(error.line).toBe(7);
  });

  it('should refuse XML that is not JUnit, and text that is not XML', () => {
    expect(unparseable(fixture('cobertura.xml')).reason).toMatch(/root element is <coverage>/);
    expect(unparseable(Buffer.from('TN:\nSF:a.ts\nend_of_record\n')).reason).toMatch(/not well-formed XML/);
    expect(unparseable(Buffer.from([0xc3, 0x28, 0x3c])).reason).toMatch(/not UTF-8/);
  });

  it('should refuse a count that is not a number', () => {
    const xml =
      '<?xml version="1.0"?>\n<testsuites>\n  <testsuite tests="1"><testcase name="a"/></testsuite>\n  <testsuite tests="many">\n';
    const error = unparseable(Buffer.from(`${xml}<testcase name="b"/></testsuite>\n</testsuites>`));
    expect(error).toMatchObject({ reason: '<testsuite> tests is not a number', line: 4 });
    const time = unparseable(Buffer.from('<testsuite>\n<testcase name="a" time="fast"/></testsuite>'));
    expect(time).toMatchObject({ reason: '<testcase> time is not a number', line: 2 });
  });

  it('should refuse external entities and not expand entity bombs', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<testsuite tests="1"><testcase name="&secret;"><failure/></testcase></testsuite>`;
    expect(unparseable(Buffer.from(xxe)).reason).toMatch(/external entities/i);

    const lol = `<!ENTITY l0 "${'lol'.repeat(300)}">`;
    const refs = '&l0;'.repeat(1000);
    const bomb = `<!DOCTYPE testsuite [${lol}]><testsuite><testcase name="${refs}"><failure/></testcase></testsuite>`;
    expect(unparseable(Buffer.from(bomb)).reason).toMatch(/expan/i);
  });

  it('should refuse nesting deeper than any report and a __proto__ element', () => {
    const deep = `<testsuites>${'<testsuite>'.repeat(500)}${'</testsuite>'.repeat(500)}</testsuites>`;
    expect(unparseable(Buffer.from(deep)).reason).toMatch(/nested/i);
    const polluting = '<testsuite><__proto__><polluted>1</polluted></__proto__></testsuite>';
    expect(() => parseJunit(Buffer.from(polluting))).toThrow(EvidenceUnparseable);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
