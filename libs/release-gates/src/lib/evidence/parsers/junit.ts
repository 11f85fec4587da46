import { EvidenceUnparseable } from './evidence-unparseable';
import { numberAttribute, percent, readText } from './read-text';
import { attribute, children, readXml, XmlDocument, XmlElement } from './read-xml';

/** How many failing test names the facts keep: enough to act on, bounded for a suite of thousands. */
export const MAX_FAILING_NAMES = 100;

const ARRAY_TAGS = new Set(['testsuite', 'testcase', 'failure', 'error', 'skipped']);
/** Stack traces and logs: only whether these are there counts, so their content is not parsed. */
const OPAQUE_TAGS = [
  'failure',
  'error',
  'skipped',
  'system-out',
  'system-err',
  'properties',
  'flakyFailure',
  'flakyError',
  'rerunFailure',
  'rerunError',
];

export interface JunitFacts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  /**
   * Percent (0–100, two decimals) of the tests that ran which passed:
   * (tests − failures − errors − skipped) / (tests − skipped) × 100, summed
   * suite by suite. Skipped tests count neither way, as in CI dashboards. A
   * suite that errored before any test ran (tests="0" errors="1", as
   * jest-junit and Surefire write it) counts as one test run that did not
   * pass, though `tests` stays the report's own number. Absent when nothing
   * ran (every test skipped, or an empty report): an empty report proves
   * nothing, so a gate on passRate reports it not measured instead of 100.
   */
  passRate?: number;
  /** The report's own total when it gives one (<testsuites time>), else the sum of its suites'. Absent when no time is given. */
  durationSeconds?: number;
  /** "classname › name" of failed and errored tests (the name alone when it already carries the class), the first 100. */
  failing: string[];
}

interface Tally {
  /** What passRate divides: tests that ran, and of those the ones that passed. */
  ran: number;
  passed: number;
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number | undefined;
  failing: string[];
}

/**
 * JUnit XML as jest-junit (<testsuites> of <testsuite>), pytest (a single
 * <testsuite>, or <testsuites> since pytest 5.1), Maven Surefire and Gradle
 * write it. Each suite's counts come from its attributes when it has them
 * (they include suites that failed before any test ran, which jest-junit
 * reports as tests="0" errors="1") and from its <testcase> elements
 * otherwise. Surefire's <flakyFailure>/<flakyError> (failed, then passed on
 * a rerun) count as passed.
 */
export function parseJunit(bytes: Buffer): JunitFacts {
  const document = readXml(readText(bytes), { arrayTags: ARRAY_TAGS, opaqueTags: OPAQUE_TAGS });
  const { rootName, root } = document;
  if (rootName !== 'testsuites' && rootName !== 'testsuite') {
    throw new EvidenceUnparseable(
      `the root element is <${rootName}>, not <testsuites> or <testsuite>: is this JUnit XML?`,
    );
  }
  const tally: Tally = emptyTally();
  const { addSuite, addCases } = counters(document);
  if (rootName === 'testsuite') addSuite(root, tally);
  else {
    for (const suite of children(root, 'testsuite')) addSuite(suite, tally);
    // Some tools put test cases straight under <testsuites>.
    addCases(children(root, 'testcase'), tally);
  }
  const total = numberAttribute(attribute(root, 'time'), `<${rootName}> time`, () => document.lineOf(root));
  const durationSeconds = rootName === 'testsuites' && total !== undefined ? total : tally.seconds;

  return {
    tests: tally.tests,
    failures: tally.failures,
    errors: tally.errors,
    skipped: tally.skipped,
    ...(tally.ran > 0 ? { passRate: percent(tally.passed, tally.ran) } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds: Math.round(durationSeconds * 1000) / 1000 } : {}),
    failing: tally.failing,
  };
}

/**
 * Tallies suites and cases; a bad attribute is reported at its element's
 * line. Nested suites (Gradle, some Ant tasks) are walked; only leaf suites'
 * attributes are used, so nothing counts twice.
 */
function counters({ lineOf }: XmlDocument) {
  const whole = (element: XmlElement, key: string): number | undefined => {
    const value = numberAttribute(attribute(element, key), `<testsuite> ${key}`, () => lineOf(element));
    if (value !== undefined && (value < 0 || !Number.isInteger(value))) {
      throw new EvidenceUnparseable(`<testsuite> ${key} must be a whole number, not ${value}`, lineOf(element));
    }
    return value;
  };

  const addCases = (cases: XmlElement[], tally: Tally): void => {
    for (const testcase of cases) {
      tally.tests++;
      const seconds = numberAttribute(attribute(testcase, 'time'), '<testcase> time', () => lineOf(testcase));
      if (seconds !== undefined) tally.seconds = (tally.seconds ?? 0) + seconds;
      if (children(testcase, 'error').length > 0) {
        tally.errors++;
        tally.ran++;
        pushFailing(tally, [caseName(testcase)]);
      } else if (children(testcase, 'failure').length > 0) {
        tally.failures++;
        tally.ran++;
        pushFailing(tally, [caseName(testcase)]);
      } else if (children(testcase, 'skipped').length > 0) {
        tally.skipped++;
      } else {
        tally.ran++;
        tally.passed++;
      }
    }
  };

  const addSuite = (suite: XmlElement, tally: Tally): void => {
    const nested = children(suite, 'testsuite');
    const cases = children(suite, 'testcase');
    if (nested.length > 0) {
      for (const child of nested) addSuite(child, tally);
      addCases(cases, tally);
      return;
    }
    const fromCases: Tally = emptyTally();
    addCases(cases, fromCases);
    const tests = whole(suite, 'tests') ?? fromCases.tests;
    const failures = whole(suite, 'failures') ?? fromCases.failures;
    const errors = whole(suite, 'errors') ?? fromCases.errors;
    const skipped = whole(suite, 'skipped') ?? whole(suite, 'disabled') ?? fromCases.skipped;
    tally.tests += tests;
    tally.failures += failures;
    tally.errors += errors;
    tally.skipped += skipped;
    tally.ran += Math.max(tests - skipped, failures + errors);
    tally.passed += Math.max(0, tests - failures - errors - skipped);
    pushFailing(tally, fromCases.failing);
    // A suite that failed without a failing test case (it did not load, or a hook threw) is named itself.
    const name = attribute(suite, 'name');
    if (failures + errors > 0 && fromCases.failing.length === 0 && name) pushFailing(tally, [shortName(name)]);
    const seconds =
      numberAttribute(attribute(suite, 'time'), '<testsuite> time', () => lineOf(suite)) ?? fromCases.seconds;
    if (seconds !== undefined) tally.seconds = (tally.seconds ?? 0) + seconds;
  };

  return { addSuite, addCases };
}

function emptyTally(): Tally {
  return { ran: 0, passed: 0, tests: 0, failures: 0, errors: 0, skipped: 0, seconds: undefined, failing: [] };
}

function pushFailing(tally: Tally, names: string[]): void {
  for (const name of names) {
    if (tally.failing.length >= MAX_FAILING_NAMES) return;
    tally.failing.push(name);
  }
}

/** jest-junit repeats the class in the name by default ("Cart adds an item"); say it once. */
function caseName(testcase: XmlElement): string {
  const name = (attribute(testcase, 'name') ?? '').trim();
  const classname = (attribute(testcase, 'classname') ?? '').trim();
  if (!classname || name.startsWith(classname)) return shortName(name || classname || '(unnamed test)');
  if (!name) return shortName(classname);
  return shortName(`${classname} › ${name}`);
}

/** Test names are the report's own words, but a name of megabytes is not one. */
function shortName(name: string): string {
  return name.length > 500 ? `${name.slice(0, 499)}…` : name;
}
