import { ERROR_CODES, ErrorCode, problemType } from './error-codes';
import { PROBLEM_EXAMPLES } from './problem-details.schema';

describe('PROBLEM_EXAMPLES', () => {
  it.each(Object.entries(PROBLEM_EXAMPLES))('should make %s a problem the API can answer', (_name, { value }) => {
    const code = value['code'] as ErrorCode;

    expect(ERROR_CODES[code]).toBeDefined();
    expect(value).toMatchObject({
      type: problemType(code),
      title: ERROR_CODES[code].title,
      status: ERROR_CODES[code].status,
    });
  });
});
