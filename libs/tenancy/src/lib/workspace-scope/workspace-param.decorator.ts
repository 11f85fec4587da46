import { Param } from '@nestjs/common';
import { ParseIdPipe } from '@keel/platform-errors';

/** The `{workspaceId}` of the path, lower-cased; the guard has already checked it against the caller. */
export function WorkspaceParam(): ParameterDecorator {
  return Param('workspaceId', ParseIdPipe);
}
