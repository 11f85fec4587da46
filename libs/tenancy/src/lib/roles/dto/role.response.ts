import { permissionsOfRole } from '../../workspace-scope/membership-access-cache.service';
import { Role } from '../role.entity';

export class RoleResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a13" */
  id: string;
  /** @example "billing-manager" */
  key: string;
  /** @example "Billing manager" */
  name: string;
  /** @example "Sees members and manages API keys for the billing system." */
  description: string;
  /** @example ["api-keys:read", "api-keys:write", "members:read"] */
  permissions: string[];
  /** Built-in roles (owner, admin, member, viewer) cannot be changed or deleted. @example false */
  builtIn: boolean;

  static of(role: Role): RoleResponse {
    return {
      id: role.id,
      key: role.key,
      name: role.name,
      description: role.description,
      permissions: [...permissionsOfRole(role.key, role.permissions)].sort(),
      builtIn: role.builtIn,
    };
  }
}

export class RoleListResponse {
  data: RoleResponse[];
  /** @example null */
  nextCursor: string | null;
}
