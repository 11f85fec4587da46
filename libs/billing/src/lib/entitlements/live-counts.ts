import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import type { CountedFeature } from '../catalog/plan';

/**
 * What each counted feature holds now, read in the open tenant transaction
 * (so row-level security keeps it to the workspace). Plain SQL on the owning
 * contexts' tables rather than their entities, which billing may not import:
 * - members: memberships plus pending invites (an invite holds a seat);
 * - projects: those not archived (restoring one takes a slot again);
 * - webhook_endpoints: every endpoint, enabled or not;
 * - api_keys: keys neither revoked nor expired.
 */
const COUNT_SQL: Readonly<Record<CountedFeature, string>> = {
  members: `SELECT (SELECT count(*) FROM memberships WHERE workspace_id = $1)
                 + (SELECT count(*) FROM invites WHERE workspace_id = $1 AND accepted_at IS NULL
                       AND revoked_at IS NULL AND expires_at > now()) AS count`,
  projects: 'SELECT count(*) AS count FROM projects WHERE workspace_id = $1 AND archived_at IS NULL',
  webhook_endpoints: 'SELECT count(*) AS count FROM webhook_endpoints WHERE workspace_id = $1',
  api_keys: `SELECT count(*) AS count FROM api_keys WHERE workspace_id = $1 AND revoked_at IS NULL
               AND (expires_at IS NULL OR expires_at > now())`,
};

export function isCountedFeature(feature: string): feature is CountedFeature {
  return Object.prototype.hasOwnProperty.call(COUNT_SQL, feature);
}

@Injectable()
export class LiveCounts {
  constructor(private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>) {}

  async count(workspaceId: string, feature: CountedFeature): Promise<number> {
    const [row]: { count: string }[] = await this.txHost.tx.query(COUNT_SQL[feature], [workspaceId]);
    return Number(row.count);
  }

  /**
   * Serialises the workspace's writes that take a slot of `feature` until the
   * transaction ends, so the count a check reads cannot be passed by a
   * concurrent create that read the same count.
   */
  async lock(workspaceId: string, feature: CountedFeature): Promise<void> {
    await this.txHost.tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `billing:${workspaceId}:${feature}`,
    ]);
  }
}
