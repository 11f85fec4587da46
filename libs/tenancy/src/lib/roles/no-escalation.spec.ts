import { DomainError } from '@keel/platform-errors';
import { BUILT_IN_ROLES } from '../permissions/built-in-roles';
import { OWNER_ONLY_PERMISSIONS } from '../permissions/owner-only-permissions';
import { ALL_PERMISSIONS, Permission } from '../permissions/permission-catalog';
import { assertNoOwnerOnlyPermissions, escalationDenied, missingPermissions } from './no-escalation';

function thrownBy(run: () => void): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('owner-only permissions', () => {
  it('should be exactly what the owner role holds and the admin role lacks', () => {
    const admin = new Set<Permission>(BUILT_IN_ROLES.admin.permissions);
    expect(BUILT_IN_ROLES.owner.permissions).toEqual(ALL_PERMISSIONS);
    expect(ALL_PERMISSIONS.filter((permission) => !admin.has(permission))).toEqual([...OWNER_ONLY_PERMISSIONS]);
    expect([...OWNER_ONLY_PERMISSIONS].sort()).toEqual(['ownership:transfer', 'workspace:delete', 'workspace:export']);
  });

  it('should let a custom role hold any other permission of the catalog', () => {
    expect(() => assertNoOwnerOnlyPermissions(BUILT_IN_ROLES.admin.permissions, 'permissions')).not.toThrow();
  });

  it('should refuse each owner-only permission of a custom role with 422, naming its entry of the field', () => {
    const error = thrownBy(() =>
      assertNoOwnerOnlyPermissions(['members:read', 'workspace:delete', 'ownership:transfer'], 'permissions'),
    );

    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(422);
    expect(error.detail).toContain('workspace:delete');
    expect(error.options.errors).toEqual([
      { field: 'permissions[1]', rule: 'notOwnerOnly', message: expect.stringContaining('"workspace:delete"') },
      { field: 'permissions[2]', rule: 'notOwnerOnly', message: expect.stringContaining('"ownership:transfer"') },
    ]);
  });
});

describe('missing permissions', () => {
  const member = new Set<Permission>(BUILT_IN_ROLES.member.permissions);

  it('should be none when every needed permission is held, and none for nothing needed', () => {
    expect(missingPermissions(member, BUILT_IN_ROLES.viewer.permissions)).toEqual([]);
    expect(missingPermissions(new Set(), [])).toEqual([]);
  });

  it('should list what is lacking in catalog order, whatever order it was asked in', () => {
    expect(missingPermissions(member, ['audit:read', 'projects:read', 'members:update'])).toEqual([
      'members:update',
      'audit:read',
    ]);
  });

  it('should hold the admin role short of the owner role by the owner-only permissions, the first named first', () => {
    const admin = new Set<Permission>(BUILT_IN_ROLES.admin.permissions);

    expect(missingPermissions(admin, BUILT_IN_ROLES.owner.permissions)).toEqual([
      'workspace:delete',
      'ownership:transfer',
      'workspace:export',
    ]);
  });

  it('should be refused with 403 PERMISSION_DENIED naming the first one', () => {
    const error = escalationDenied(['members:update', 'audit:read'], 'You lack members:update, audit:read.');

    expect(error.code).toBe('PERMISSION_DENIED');
    expect(error.status).toBe(403);
    expect(error.options.extensions).toEqual({ permission: 'members:update' });
  });
});
