import { Injectable } from '@nestjs/common';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { AutomationConfig, webhookTargetRefusal } from '@keel/automation';
import { ActorContext, actorReference } from '@keel/identity';
import { contentHash } from '@keel/platform-crypto';
import { insertRows, isUniqueViolation, newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError, FieldError } from '@keel/platform-errors';
import { WorkspaceSecretsService } from '../../secrets/workspace-secrets.service';
import { BuiltInTools } from '../built-in-tools';
import { AiHttpTool } from './ai-http-tool.entity';
import { annotationsOf, HttpToolRegistration, registrationProblems } from './http-tool-registration';

export function toolNotFound(name: string): DomainError {
  return new DomainError('NOT_FOUND', `The workspace has no tool of its own named ${name}.`);
}

/** The HTTP tools a workspace registers: calls to outside APIs, with the secrets they name. */
@Injectable()
export class HttpToolsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly actors: ActorContext,
    private readonly builtIns: BuiltInTools,
    private readonly secrets: WorkspaceSecretsService,
    private readonly outbound: AutomationConfig,
  ) {}

  private get tools() {
    return this.txHost.tx.getRepository(AiHttpTool);
  }

  /**
   * Registers a tool: 422 TOOL_INVALID names each problem at its JSON path (a
   * secret the workspace does not have, a URL that reaches a private address
   * included); 409 TOOL_NAME_TAKEN when the workspace has a tool of this name.
   */
  async register(workspaceId: string, body: unknown): Promise<AiHttpTool> {
    const problems = registrationProblems(
      body,
      this.builtIns.all.map((tool) => tool.name),
    );
    if (problems.length === 0) {
      const registration = body as HttpToolRegistration;
      const secrets = registration.secrets ?? [];
      for (const name of await this.secrets.missing(workspaceId, secrets)) {
        problems.push(
          fieldProblem(`$.secrets[${secrets.indexOf(name)}]`, 'secret', `the workspace has no secret ${name}`),
        );
      }
      const refusal = await webhookTargetRefusal(registration.request.url.replace(/\{\{[^}]*\}\}/g, 'x'), {
        allowPrivate: this.outbound.WEBHOOK_ALLOW_PRIVATE,
      });
      if (refusal) problems.push(fieldProblem('$.request.url', 'address', refusal.message));
    }
    if (problems.length > 0) {
      throw new DomainError('TOOL_INVALID', `The tool has ${problems.length} problem(s); see errors.`, {
        errors: problems,
      });
    }
    const registration = body as HttpToolRegistration;
    const content = {
      description: registration.description,
      inputSchema: registration.inputSchema,
      request: { ...registration.request, headers: registration.request.headers ?? {} },
      secrets: registration.secrets ?? [],
      annotations: annotationsOf(registration.annotations),
    };
    const author = actorReference(this.actors.actor);
    const tool: AiHttpTool = {
      workspaceId,
      id: newId(),
      name: registration.name,
      version: contentHash(content)
        .replace(/^sha256:/, '')
        .slice(0, 12),
      ...content,
      createdByType: author.type,
      createdById: author.id,
      createdAt: new Date(),
    };
    try {
      await this.txHost.withTransaction(Propagation.Nested, () => insertRows(this.txHost.tx, AiHttpTool, tool));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('TOOL_NAME_TAKEN', `The workspace already has a tool named ${registration.name}.`);
      }
      throw error;
    }
    return tool;
  }

  /** Every HTTP tool of the workspace, by name. */
  list(workspaceId: string): Promise<AiHttpTool[]> {
    return this.tools.find({ where: { workspaceId }, order: { name: 'ASC' } });
  }

  find(workspaceId: string, name: string): Promise<AiHttpTool | null> {
    return this.tools.findOneBy({ workspaceId, name });
  }

  /** Removes it; 404 when the workspace has no tool of its own by this name. */
  async remove(workspaceId: string, name: string): Promise<void> {
    const result = await this.tools.delete({ workspaceId, name });
    if (!result.affected) throw toolNotFound(name);
  }
}

function fieldProblem(path: string, rule: string, message: string): FieldError {
  return { field: path.replace(/^\$\.?/, ''), path, rule, message };
}
