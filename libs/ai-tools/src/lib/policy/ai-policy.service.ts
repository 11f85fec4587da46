import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference } from '@keel/identity';
import { contentHash } from '@keel/platform-crypto';
import { insertRows, isUniqueViolation, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { AiPolicyVersion } from './ai-policy-version.entity';
import { PolicyDocument, policyProblems } from './policy-document';

/** The workspace's AI policy: versioned, each version immutable, the newest in force. */
@Injectable()
export class AiPolicyService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
  ) {}

  private get versions() {
    return this.txHost.tx.getRepository(AiPolicyVersion);
  }

  /** The version in force, or null when the workspace never wrote one (everything is denied). */
  current(workspaceId: string): Promise<AiPolicyVersion | null> {
    return this.versions.findOne({ where: { workspaceId }, order: { version: 'DESC' } });
  }

  /**
   * Writes a new version when the content changed (the same content keeps the
   * version in force); 422 AI_POLICY_INVALID lists every problem at its JSON path.
   * With `expectedVersion`, a policy changed meanwhile is 409 VERSION_CONFLICT.
   */
  async replace(workspaceId: string, document: unknown, expectedVersion?: number): Promise<AiPolicyVersion> {
    const problems = policyProblems(document);
    if (problems.length > 0) {
      throw new DomainError('AI_POLICY_INVALID', `The policy has ${problems.length} problem(s); see errors.`, {
        errors: problems,
      });
    }
    const policy = document as PolicyDocument;
    const guardrails = policy.guardrails ?? {};
    // Guardrails join the hash only when set, so a policy written before they existed keeps its hash.
    const content =
      Object.keys(guardrails).length > 0
        ? { rules: policy.rules, budgets: policy.budgets ?? {}, guardrails }
        : { rules: policy.rules, budgets: policy.budgets ?? {} };
    const hash = contentHash(content);
    const current = await this.current(workspaceId);
    const currentVersion = current?.version ?? 0;
    if (expectedVersion !== undefined && expectedVersion !== currentVersion) {
      throw new DomainError('VERSION_CONFLICT', `The policy is at version ${currentVersion}, not ${expectedVersion}.`, {
        extensions: { currentVersion },
      });
    }
    if (current && current.contentHash === hash) return current;
    const author = actorReference(this.actors.actor);
    const next: AiPolicyVersion = {
      workspaceId,
      version: currentVersion + 1,
      rules: content.rules,
      budgets: content.budgets,
      guardrails,
      contentHash: hash,
      createdByType: author.type,
      createdById: author.id,
      createdAt: new Date(),
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => insertRows(this.txHost.tx, AiPolicyVersion, next));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('VERSION_CONFLICT', 'The policy changed meanwhile; read it again.', {
          extensions: { currentVersion: currentVersion + 1 },
        });
      }
      throw error;
    }
    return next;
  }
}
