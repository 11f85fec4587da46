/** The workspace's security policy. */
export class WorkspaceSecurityResponse {
  /** Members' sessions need a second factor on every route of the workspace. @example false */
  requireMfa: boolean;
}
