export class PermissionResponse {
  /** @example "members:update" */
  permission: string;
  /** @example "Change the role of a member." */
  description: string;
}

export class PermissionListResponse {
  data: PermissionResponse[];
}
