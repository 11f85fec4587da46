import type { ErrorObject } from 'ajv';
import type { FieldError } from '@keel/platform-errors';
import { jsonPathMember } from '@keel/platform-errors';

/** `/rules/0/effect` (an ajv instance path) as the JSON path `$.rules[0].effect`, below `base`. */
export function jsonPathOfPointer(pointer: string, base = '$'): string {
  if (pointer === '') return base;
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce(
      (path, segment) => path + (/^(0|[1-9][0-9]*)$/.test(segment) ? `[${segment}]` : jsonPathMember(segment)),
      base,
    );
}

/** ajv's errors as field errors at JSON paths: a missing or unknown member is named in the path. */
export function schemaProblems(errors: readonly ErrorObject[] | null | undefined, base = '$'): FieldError[] {
  return (errors ?? []).map((error) => {
    let pointer = error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      pointer += `/${params['missingProperty']}`;
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      pointer += `/${params['additionalProperty']}`;
    }
    const path = jsonPathOfPointer(pointer, base);
    return {
      field: path.replace(/^\$\.?/, '') || '$',
      path,
      rule: error.keyword,
      message: error.keyword === 'additionalProperties' ? 'is not allowed here' : (error.message ?? 'is invalid'),
    };
  });
}
