import { Injectable, PipeTransform } from '@nestjs/common';
import { WorkspaceScope } from './workspace-scope';

/**
 * Answers the workspace the workspace guard verified and put in the request
 * context, whatever the path held: the handler never works on an id the guard
 * did not check. On a route without @RequirePermission there is none, and
 * reading it throws (a 500: a programming error, not a client's).
 */
@Injectable()
export class VerifiedWorkspacePipe implements PipeTransform<unknown, string> {
  constructor(private readonly scope: WorkspaceScope) {}

  transform(): string {
    return this.scope.workspaceId;
  }
}
