import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const STEP_UP_ROUTE = 'keel:step-up';

/**
 * Marks a sensitive action (ownership transfer, deleting a workspace, making
 * an API key, changing roles): a person whose account has MFA must have
 * proved it within the last 10 minutes (`aal2`), else 403 STEP_UP_REQUIRED
 * pointing at POST /v1/auth/step-up. Checked by the workspace guard after the
 * permission; the OpenAPI document records it as `x-keel-step-up`.
 */
export function RequireStepUp(): MethodDecorator {
  return applyDecorators(SetMetadata(STEP_UP_ROUTE, true), ApiExtension('x-keel-step-up', true));
}
