import { HttpResult, jsonObject } from './http';
import { expectProblem } from './problem-details';

/**
 * Asserts a 403 PERMISSION_DENIED problem that names the missing permission,
 * in `detail` and in the `permission` extension member (RFC 9457 §3.2), and
 * is otherwise an ordinary Keel problem body (see expectProblem).
 */
export function expectPermissionDenied(result: HttpResult, permission: string): void {
  const { permission: named, ...problem } = jsonObject(result);
  expect(named).toBe(permission);
  const checked = expectProblem(
    { ...result, text: JSON.stringify(problem) },
    { status: 403, code: 'PERMISSION_DENIED' },
  );
  expect(checked.detail).toContain(permission);
}
