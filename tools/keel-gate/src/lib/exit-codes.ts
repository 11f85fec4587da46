/**
 * What a CI step branches on: 0 the gate let the release through (pass, or
 * warn), 1 it did not (fail, or incomplete: a required criterion had no
 * evidence), 2 keel-gate could not do what it was asked (usage, configuration,
 * a problem answered by Keel, Keel unreachable).
 */
export const EXIT_PASSED = 0;
export const EXIT_NOT_PASSED = 1;
export const EXIT_ERROR = 2;
