import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { EventCatalog } from '@keel/events';
import { AuditLog } from '@keel/identity';
import { SecretBox } from '@keel/platform-crypto';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError, isUuid } from '@keel/platform-errors';
import { Entitlements } from '@keel/tenancy';
import { AutomationConfig } from '../../automation-config';
import { generateWebhookSecret, webhookTargetRefusal } from '../outbound';
import { CreateWebhookEndpointDto } from './dto/create-webhook-endpoint.dto';
import { UpdateWebhookEndpointDto } from './dto/update-webhook-endpoint.dto';
import { eventTypeErrors } from './event-type-subscription';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { webhookPreviousSecretAssociatedData, webhookSecretAssociatedData } from './webhook-secret-sealing';

/** How long the secret a rotation replaced keeps signing, so receivers can switch over without dropping a delivery. */
const PREVIOUS_SECRET_VALIDITY_MS = 24 * 60 * 60 * 1000;

export function webhookEndpointNotFound(): DomainError {
  return new DomainError('NOT_FOUND', 'No webhook endpoint of this workspace has this id.');
}

/** A new endpoint and its signing secret, which exists in plain text only until this is answered. */
export interface CreatedWebhookEndpoint {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** The workspace's webhook endpoints; every method runs in its tenant transaction. */
@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly secretBox: SecretBox,
    private readonly catalog: EventCatalog,
    private readonly audit: AuditLog,
    private readonly config: AutomationConfig,
    private readonly entitlements: Entitlements,
  ) {}

  private get endpoints() {
    return this.txHost.tx.getRepository(WebhookEndpoint);
  }

  /** A new endpoint with a fresh `whsec_` secret, sealed at rest; 422 for event types the catalog does not know. */
  async create(workspaceId: string, dto: CreateWebhookEndpointDto): Promise<CreatedWebhookEndpoint> {
    this.assertEventTypes(dto.eventTypes);
    await this.assertReachable(dto.url);
    await this.entitlements.assertWithinLimit(workspaceId, 'webhook_endpoints');
    const id = newId();
    const secret = generateWebhookSecret();
    const enabled = dto.enabled ?? true;
    const now = new Date();
    const endpoint: WebhookEndpoint = {
      workspaceId,
      id,
      url: dto.url,
      eventTypes: dto.eventTypes,
      enabled,
      description: dto.description ?? '',
      secretSealed: this.secretBox.seal(secret, webhookSecretAssociatedData(id)),
      previousSecretSealed: null,
      previousSecretExpiresAt: null,
      failingSince: null,
      disabledAt: enabled ? null : now,
      disabledReason: enabled ? null : 'manual',
      createdAt: now,
      updatedAt: now,
    };
    await this.endpoints.insert(endpoint);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'webhook_endpoint.created',
      target: { type: 'webhook-endpoint', id },
      data: { url: endpoint.url, eventTypes: endpoint.eventTypes, enabled },
    });
    return { endpoint, secret };
  }

  /** Newest first. */
  list(workspaceId: string, limit: number, beforeId?: string): Promise<WebhookEndpoint[]> {
    const query = this.endpoints
      .createQueryBuilder('endpoint')
      .where('endpoint.workspace_id = :workspaceId', { workspaceId })
      .orderBy('endpoint.id', 'DESC')
      .limit(limit + 1);
    if (beforeId) query.andWhere('endpoint.id < :beforeId', { beforeId });
    return query.getMany();
  }

  async get(workspaceId: string, endpointId: string): Promise<WebhookEndpoint> {
    const endpoint = isUuid(endpointId) ? await this.endpoints.findOneBy({ workspaceId, id: endpointId }) : null;
    if (!endpoint) throw webhookEndpointNotFound();
    return endpoint;
  }

  async exists(workspaceId: string, endpointId: string): Promise<boolean> {
    return isUuid(endpointId) && (await this.endpoints.existsBy({ workspaceId, id: endpointId }));
  }

  /**
   * Changes what was sent. Enabling clears the failure record (Keel's own
   * disabling included); a new URL starts the failure count afresh.
   */
  async update(workspaceId: string, endpointId: string, dto: UpdateWebhookEndpointDto): Promise<WebhookEndpoint> {
    if (dto.eventTypes !== undefined) this.assertEventTypes(dto.eventTypes);
    if (dto.url !== undefined) await this.assertReachable(dto.url);
    const endpoint = await this.get(workspaceId, endpointId);
    const changes: Partial<WebhookEndpoint> = {};
    if (dto.url !== undefined && dto.url !== endpoint.url) {
      Object.assign(changes, { url: dto.url, failingSince: null });
    }
    if (dto.eventTypes !== undefined && !sameMembers(dto.eventTypes, endpoint.eventTypes)) {
      changes.eventTypes = dto.eventTypes;
    }
    if (dto.description !== undefined && dto.description !== endpoint.description) {
      changes.description = dto.description;
    }
    if (dto.enabled !== undefined && dto.enabled !== endpoint.enabled) {
      Object.assign(
        changes,
        dto.enabled
          ? { enabled: true, disabledAt: null, disabledReason: null, failingSince: null }
          : { enabled: false, disabledAt: new Date(), disabledReason: 'manual' },
      );
    }
    const changed = Object.keys(changes);
    if (changed.length === 0) return endpoint;
    changes.updatedAt = new Date();
    await this.endpoints.update({ workspaceId, id: endpointId }, changes);
    const updated = { ...endpoint, ...changes };
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'webhook_endpoint.updated',
      target: { type: 'webhook-endpoint', id: endpointId },
      data: {
        changed,
        url: updated.url,
        eventTypes: updated.eventTypes,
        enabled: updated.enabled,
      },
    });
    return updated;
  }

  /** Deletes the endpoint with its deliveries; attempts still queued find nothing and do nothing. */
  async delete(workspaceId: string, endpointId: string): Promise<void> {
    const endpoint = await this.get(workspaceId, endpointId);
    await this.endpoints.delete({ workspaceId, id: endpointId });
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'webhook_endpoint.deleted',
      target: { type: 'webhook-endpoint', id: endpointId },
      data: { url: endpoint.url },
    });
  }

  /**
   * A new signing secret, shown in this answer only. The one it replaces keeps
   * signing for 24 hours beside it (attempts carry both signatures), so a
   * receiver can switch secrets without refusing a delivery; a second
   * rotation within that time drops the oldest.
   */
  async rotateSecret(workspaceId: string, endpointId: string): Promise<CreatedWebhookEndpoint> {
    const endpoint = await this.endpoints.findOne({
      where: { workspaceId, id: endpointId },
      lock: { mode: 'pessimistic_write' },
    });
    if (!endpoint) throw webhookEndpointNotFound();
    const secret = generateWebhookSecret();
    const now = new Date();
    const changes: Partial<WebhookEndpoint> = {
      secretSealed: this.secretBox.seal(secret, webhookSecretAssociatedData(endpointId)),
      previousSecretSealed: this.secretBox.seal(
        this.currentSecret(endpoint),
        webhookPreviousSecretAssociatedData(endpointId),
      ),
      previousSecretExpiresAt: new Date(now.getTime() + PREVIOUS_SECRET_VALIDITY_MS),
      updatedAt: now,
    };
    await this.endpoints.update({ workspaceId, id: endpointId }, changes);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'webhook_endpoint.secret_rotated',
      target: { type: 'webhook-endpoint', id: endpointId },
      data: { previousSecretExpiresAt: changes.previousSecretExpiresAt?.toISOString() },
    });
    return { endpoint: { ...endpoint, ...changes }, secret };
  }

  /**
   * The secrets an attempt is signed with, in plain text: the current one,
   * then the one the last rotation replaced while it is still valid.
   */
  signingSecrets(endpoint: WebhookEndpoint, at: Date = new Date()): string[] {
    const secrets = [this.currentSecret(endpoint)];
    if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > at) {
      secrets.push(
        this.secretBox.openText(endpoint.previousSecretSealed, webhookPreviousSecretAssociatedData(endpoint.id)),
      );
    }
    return secrets;
  }

  private currentSecret(endpoint: WebhookEndpoint): string {
    return this.secretBox.openText(endpoint.secretSealed, webhookSecretAssociatedData(endpoint.id));
  }

  /**
   * 422 WEBHOOK_ADDRESS_REFUSED for a URL whose address a delivery would be
   * refused (the same rule, webhookTargetRefusal): saved, it could only ever fail.
   */
  async assertReachable(url: string): Promise<void> {
    const refusal = await webhookTargetRefusal(url, { allowPrivate: this.config.WEBHOOK_ALLOW_PRIVATE });
    if (refusal) {
      throw new DomainError('WEBHOOK_ADDRESS_REFUSED', refusal.message, {
        errors: [{ field: 'url', rule: 'publicAddress', message: refusal.message }],
      });
    }
  }

  private assertEventTypes(eventTypes: readonly string[]): void {
    const errors = eventTypeErrors(eventTypes, (type) => this.catalog.has(type));
    if (errors.length > 0) {
      throw new DomainError('VALIDATION_FAILED', 'eventTypes names event types the catalog does not have.', {
        errors,
      });
    }
  }
}

function sameMembers(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((item) => right.includes(item));
}
