import { Param } from '@nestjs/common';
import { VerifiedWorkspacePipe } from './verified-workspace.pipe';

/**
 * The workspace the guard verified for this request (its id, lower-cased),
 * taken from the request context rather than parsed from the path again.
 * It stays declared as the `{workspaceId}` path parameter so the OpenAPI
 * document describes the route; a route without @RequirePermission gets a 500.
 */
export function WorkspaceParam(): ParameterDecorator {
  return Param('workspaceId', VerifiedWorkspacePipe);
}
