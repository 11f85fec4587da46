import { ApiResponse } from '@nestjs/swagger';
import { ERROR_CODES, ErrorCode, problemType } from './error-codes';
import { PROBLEM_CONTENT_TYPE } from './problem';

/** Documents one problem a route answers, with an example body, in the OpenAPI document. */
export function ApiProblem(code: ErrorCode, detail: string, extra: Record<string, unknown> = {}): MethodDecorator {
  const { status, title } = ERROR_CODES[code];
  return ApiResponse({
    status,
    description: `${code}: ${title}.`,
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: '#/components/schemas/ProblemDetails' },
        example: {
          type: problemType(code),
          title,
          status,
          detail,
          code,
          requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f7a',
          ...extra,
        },
      },
    },
  });
}
