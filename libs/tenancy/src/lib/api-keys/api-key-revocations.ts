import { Injectable } from '@nestjs/common';
import { ApiKeysService, AuditLog } from '@keel/identity';
import { API_KEY_REVOKED, TENANCY_EVENT_VERSION } from '../workspace-events/tenancy-event-types';
import { WorkspaceEvents } from '../workspace-events/workspace-events';

/**
 * Revoking API keys, with what every revocation brings: an `api_key.revoked`
 * audit row and event, committed with it. In the open tenant transaction of
 * the workspace.
 */
@Injectable()
export class ApiKeyRevocations {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly audit: AuditLog,
    private readonly events: WorkspaceEvents,
  ) {}

  /** One key of the workspace; a key of another workspace is 404. */
  async revoke(workspaceId: string, keyId: string): Promise<void> {
    const key = await this.apiKeys.revoke(workspaceId, keyId);
    await this.recorded(workspaceId, key);
  }

  /** Every live key a user made in the workspace (their account is closing); returns how many. */
  async revokeMadeBy(workspaceId: string, userId: string): Promise<number> {
    const keys = await this.apiKeys.revokeCreatedBy(workspaceId, userId);
    for (const key of keys) await this.recorded(workspaceId, key, 'account_deleted');
    return keys.length;
  }

  private async recorded(
    workspaceId: string,
    key: { id: string; name: string; prefix: string },
    reason?: string,
  ): Promise<void> {
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'api_key.revoked',
      target: { type: 'api-key', id: key.id },
      data: { name: key.name, prefix: key.prefix, ...(reason ? { reason } : {}) },
    });
    await this.events.publish(workspaceId, {
      type: API_KEY_REVOKED,
      version: TENANCY_EVENT_VERSION,
      data: { apiKey: { id: key.id, name: key.name, prefix: key.prefix } },
    });
  }
}
