import type { Permission } from '../permissions/permission-catalog';
import { explainAccess } from './access-explanation';

const holding = (...permissions: Permission[]) => new Set<Permission>(permissions);

describe('explainAccess', () => {
  it('should name the permission needed and what the role holds of the same resource', () => {
    const explanation = explainAccess(
      { role: 'viewer', permissions: holding('projects:read', 'members:read') },
      'projects:write',
    );
    expect(explanation).toEqual({
      permission: 'projects:write',
      allowed: false,
      via: 'role',
      role: 'viewer',
      related: ['projects:read'],
      reason: 'projects:write needed; your role viewer has projects:read.',
    });
  });

  it('should speak of an API key’s scopes, and say when it holds nothing of the resource', () => {
    const explanation = explainAccess({ permissions: holding('members:read') }, 'projects:write');
    expect(explanation).toMatchObject({ allowed: false, via: 'api-key-scope', role: null, related: [] });
    expect(explanation.reason).toBe('projects:write needed; this API key has no projects permission.');
  });

  it('should say through what an allowed permission is held', () => {
    expect(explainAccess({ role: 'owner', permissions: holding('projects:write') }, 'projects:write').reason).toBe(
      'Your role owner has projects:write.',
    );
  });
});
