import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { In } from 'typeorm';
import { ActorContext, actorReference } from '@keel/identity';
import { SecretBox } from '@keel/platform-crypto';
import { insertRows, isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiHttpTool } from '../tools/http/ai-http-tool.entity';
import { WorkspaceSecret } from './workspace-secret.entity';
import { workspaceSecretAssociatedData } from './workspace-secret-sealing';

export interface NewSecret {
  name: string;
  value: string;
  description?: string;
}

export interface SecretReplacement {
  value: string;
  description?: string;
}

export function secretNotFound(name: string): DomainError {
  return new DomainError('NOT_FOUND', `The workspace has no secret named ${name}.`);
}

/**
 * The workspace's secrets: sealed under the master key when written, opened
 * only to fill in the request of a tool that names them, never answered.
 */
@Injectable()
export class WorkspaceSecretsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly secretBox: SecretBox,
  ) {}

  private get secrets() {
    return this.txHost.tx.getRepository(WorkspaceSecret);
  }

  /** A new secret at version 1; 409 SECRET_NAME_TAKEN when the workspace has one of this name. */
  async create(workspaceId: string, secret: NewSecret): Promise<WorkspaceSecret> {
    const author = actorReference(this.actors.actor);
    const id = newId();
    const now = new Date();
    const row: WorkspaceSecret = {
      workspaceId,
      id,
      name: secret.name,
      description: secret.description ?? '',
      valueSealed: this.secretBox.seal(secret.value, workspaceSecretAssociatedData(id)),
      version: 1,
      createdByType: author.type,
      createdById: author.id,
      createdAt: now,
      updatedAt: now,
      lastUsedAt: null,
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => insertRows(this.txHost.tx, WorkspaceSecret, row));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('SECRET_NAME_TAKEN', `The workspace already has a secret named ${secret.name}.`);
      }
      throw error;
    }
    return row;
  }

  /** By name, after `afterName`. */
  list(workspaceId: string, limit: number, afterName?: string): Promise<WorkspaceSecret[]> {
    const query = this.secrets
      .createQueryBuilder('secret')
      .where('secret.workspace_id = :workspaceId', { workspaceId })
      .orderBy('secret.name', 'ASC')
      .limit(limit + 1);
    if (afterName !== undefined) query.andWhere('secret.name > :afterName', { afterName });
    return query.getMany();
  }

  /** Replaces the value (a new version); 404 when there is no such secret. */
  async replace(workspaceId: string, name: string, replacement: SecretReplacement): Promise<WorkspaceSecret> {
    const secret = await this.secrets
      .createQueryBuilder('secret')
      .where('secret.workspace_id = :workspaceId AND secret.name = :name', { workspaceId, name })
      .setLock('pessimistic_write')
      .getOne();
    if (!secret) throw secretNotFound(name);
    secret.valueSealed = this.secretBox.seal(replacement.value, workspaceSecretAssociatedData(secret.id));
    secret.version += 1;
    if (replacement.description !== undefined) secret.description = replacement.description;
    secret.updatedAt = new Date();
    await this.secrets.update(
      { workspaceId, id: secret.id },
      {
        valueSealed: secret.valueSealed,
        version: secret.version,
        description: secret.description,
        updatedAt: secret.updatedAt,
      },
    );
    return secret;
  }

  /** Removes it; 404 when there is none, 409 SECRET_IN_USE while a tool names it. */
  async remove(workspaceId: string, name: string): Promise<void> {
    const secret = await this.secrets.findOneBy({ workspaceId, name });
    if (!secret) throw secretNotFound(name);
    const users = await this.txHost.tx
      .getRepository(AiHttpTool)
      .createQueryBuilder('tool')
      .select('tool.name', 'name')
      .where('tool.workspace_id = :workspaceId AND :name = ANY(tool.secrets)', { workspaceId, name })
      .orderBy('tool.name', 'ASC')
      .getRawMany<{ name: string }>();
    if (users.length > 0) {
      const tools = users.map((tool) => tool.name);
      throw new DomainError(
        'SECRET_IN_USE',
        `The secret ${name} is named by the tool(s) ${tools.join(', ')}: remove them first.`,
        { extensions: { tools } },
      );
    }
    await this.secrets.delete({ workspaceId, id: secret.id });
  }

  /** The names among `names` the workspace has no secret for. */
  async missing(workspaceId: string, names: readonly string[]): Promise<string[]> {
    if (names.length === 0) return [];
    const found = await this.secrets.find({ select: { name: true }, where: { workspaceId, name: In([...names]) } });
    const present = new Set(found.map((secret) => secret.name));
    return names.filter((name) => !present.has(name));
  }

  /**
   * The values of `names`, opened to fill in one tool call's request (their
   * `lastUsedAt` moves); a name the workspace no longer has is left out.
   */
  async openForCall(workspaceId: string, names: readonly string[]): Promise<Map<string, string>> {
    const values = new Map<string, string>();
    if (names.length === 0) return values;
    const secrets = await this.secrets.findBy({ workspaceId, name: In([...names]) });
    for (const secret of secrets) {
      values.set(secret.name, this.secretBox.openText(secret.valueSealed, workspaceSecretAssociatedData(secret.id)));
    }
    if (secrets.length > 0) {
      await this.secrets.update(
        { workspaceId, id: In(secrets.map((secret) => secret.id)) },
        { lastUsedAt: new Date() },
      );
    }
    return values;
  }
}
