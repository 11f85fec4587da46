import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import { DataSource } from 'typeorm';
import { generateApiKey, parseApiKey, sha256Hex } from '@keel/platform-crypto';
import {
  newId,
  runInRestrictedScope,
  runInTenantTransaction,
  SafeTypeOrmTransactionalAdapter,
  WorkspaceRepositories,
} from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { ApiKeyActor } from '../authentication/actor';
import { ApiKey } from './api-key.entity';
import { CreatedApiKeyResponse } from './api-key.response';
import { IdentityConfig } from '../identity-config';

/** How often last_used_at is written per key at most: a busy key costs one UPDATE a minute, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;
const PREFIX_RANDOM_CHARACTERS = 4;

export interface NewApiKey {
  name: string;
  scopes: string[];
  expiresAt?: Date;
  createdBy?: string;
}

/** Workspace API keys: minted, listed, revoked inside a tenant transaction; authenticated by possession. */
@Injectable()
export class ApiKeysService {
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly repositories: WorkspaceRepositories,
    private readonly config: IdentityConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  private get keys() {
    return this.repositories.of(ApiKey);
  }

  /** In the open tenant transaction of `workspaceId`. */
  async create(workspaceId: string, input: NewApiKey): Promise<CreatedApiKeyResponse> {
    const key = generateApiKey(this.config.API_KEY_ENVIRONMENT);
    const environmentPrefix = `keel_${this.config.API_KEY_ENVIRONMENT}_`;
    const row = await this.keys.insert(workspaceId, {
      id: newId(),
      name: input.name,
      prefix: key.slice(0, environmentPrefix.length + PREFIX_RANDOM_CHARACTERS),
      secretHash: sha256Hex(key),
      scopes: [...new Set(input.scopes)].sort(),
      createdBy: input.createdBy ?? null,
      createdAt: new Date(),
      expiresAt: input.expiresAt ?? null,
      lastUsedAt: null,
      revokedAt: null,
    });
    return {
      id: row.id,
      name: row.name,
      prefix: row.prefix,
      scopes: row.scopes,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      createdAt: row.createdAt.toISOString(),
      lastUsedAt: null,
      revokedAt: null,
      key,
    };
  }

  /** Newest first, keyset-paginated on the id (UUIDv7, so creation order). */
  list(workspaceId: string, limit: number, beforeId?: string): Promise<ApiKey[]> {
    const query = this.txHost.tx
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .where('key.workspace_id = :workspaceId', { workspaceId })
      .orderBy('key.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('key.id < :beforeId', { beforeId });
    return query.getMany();
  }

  /** Who made a key of the workspace (null for one made before that was kept, or a user since deleted); in its tenant transaction. */
  async creatorOf(workspaceId: string, keyId: string): Promise<string | null> {
    return (await this.keys.findOneBy(workspaceId, { id: keyId }))?.createdBy ?? null;
  }

  /** Revokes a key of the workspace; a key of another workspace is not found. Returns the revoked key. */
  async revoke(workspaceId: string, keyId: string): Promise<ApiKey> {
    const key = await this.keys.findOneBy(workspaceId, { id: keyId });
    if (!key) throw new DomainError('NOT_FOUND', 'No API key of this workspace has this id.');
    if (key.revokedAt === null) {
      key.revokedAt = new Date();
      await this.keys.update(workspaceId, { id: keyId }, { revokedAt: key.revokedAt });
    }
    return key;
  }

  /** The workspace's keys a user made, oldest first; in its tenant transaction. */
  listCreatedBy(workspaceId: string, userId: string): Promise<ApiKey[]> {
    return this.txHost.tx
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .where('key.workspace_id = :workspaceId AND key.created_by = :userId', { workspaceId, userId })
      .orderBy('key.id', 'ASC')
      .getMany();
  }

  /** Revokes every live key of the workspace a user made (their account is closing); returns those it revoked. */
  async revokeCreatedBy(workspaceId: string, userId: string): Promise<ApiKey[]> {
    const [rows]: [{ id: string }[], number] = await this.txHost.tx.query(
      `UPDATE api_keys SET revoked_at = now()
        WHERE workspace_id = $1 AND created_by = $2 AND revoked_at IS NULL RETURNING id`,
      [workspaceId, userId],
    );
    if (rows.length === 0) return [];
    return this.txHost.tx
      .getRepository(ApiKey)
      .createQueryBuilder('key')
      .where('key.workspace_id = :workspaceId AND key.id IN (:...ids)', { workspaceId, ids: rows.map((row) => row.id) })
      .getMany();
  }

  /**
   * The actor a presented key stands for. A mistyped or foreign token fails
   * its checksum before any lookup; a revoked, expired or unknown key is 401.
   */
  async authenticate(presented: string): Promise<ApiKeyActor> {
    const invalid = new DomainError('INVALID_TOKEN', 'The API key is unknown, revoked or expired.');
    if (!parseApiKey(presented)) throw invalid;
    const secretHash = sha256Hex(presented);
    const key = await runInRestrictedScope(this.dataSource, { api_key_hash: secretHash }, (manager) =>
      manager.getRepository(ApiKey).findOneBy({ secretHash }),
    );
    if (!key || key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt.getTime() <= Date.now())) {
      throw invalid;
    }
    await this.noteUse(key);
    return { kind: 'api-key', apiKeyId: key.id, workspaceId: key.workspaceId, scopes: key.scopes };
  }

  private async noteUse(key: ApiKey): Promise<void> {
    const now = Date.now();
    const written = this.lastUsedWritten.get(key.id) ?? key.lastUsedAt?.getTime() ?? 0;
    if (now - written < LAST_USED_RESOLUTION_MS) return;
    this.lastUsedWritten.set(key.id, now);
    await runInTenantTransaction(this.dataSource, key.workspaceId, (manager) =>
      manager.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE workspace_id = $1 AND id = $2 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [key.workspaceId, key.id],
      ),
    );
  }
}
