import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { ActorContext, actorReference, AuditLog } from '@keel/identity';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { InvoiceOutcome, InvoicePayments } from '../invoices/invoice-payments.service';
import { ProviderSync } from '../provider/provider-sync';
import { BillingMismatch, MismatchAction } from './billing-mismatch.entity';
import { ReconciliationResponse, MismatchResponse, ReconciliationRunResponse } from './dto/reconciliation.response';
import { Reconciliation } from './reconciliation.entity';

/** The provider's invoice states Keel can take over, and what each records. */
const PULLED_OUTCOME: Readonly<Record<string, InvoiceOutcome>> = {
  paid: 'paid',
  void: 'void',
  uncollectible: 'uncollectible',
};

function unsupported(mismatch: BillingMismatch, action: MismatchAction, why: string): DomainError {
  return new DomainError(
    'MISMATCH_ACTION_UNSUPPORTED',
    `${action} cannot resolve this ${mismatch.type} of ${mismatch.object === 'invoice' ? 'an invoice' : 'the subscription'}: ${why}`,
    {
      extensions: { mismatchType: mismatch.type, object: mismatch.object, action },
    },
  );
}

/**
 * The workspace's latest reconciliation, and resolving what it found: each
 * action made good (or refused as unable to), the mismatch marked resolved
 * with who, how and why, and the resolution in the audit trail
 * (`billing.mismatch_resolved`). Runs in the request's tenant transaction;
 * an action that talks to the provider does it there too.
 */
@Injectable()
export class MismatchResolutions {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly providerSync: ProviderSync,
    private readonly payments: InvoicePayments,
    private readonly audit: AuditLog,
    private readonly actors: ActorContext,
  ) {}

  async latest(workspaceId: string): Promise<ReconciliationResponse> {
    const run = await this.txHost.tx.getRepository(Reconciliation).findOne({
      where: { workspaceId },
      order: { finishedAt: 'DESC', id: 'DESC' },
    });
    if (!run) return { run: null, mismatches: [] };
    const mismatches = await this.txHost.tx.getRepository(BillingMismatch).find({
      where: { workspaceId, reconciliationId: run.id },
      order: { id: 'ASC' },
    });
    return { run: ReconciliationRunResponse.of(run), mismatches: mismatches.map(MismatchResponse.of) };
  }

  async resolve(
    workspaceId: string,
    mismatchId: string,
    action: MismatchAction,
    note: string | null,
  ): Promise<MismatchResponse> {
    const mismatch = await this.txHost.tx
      .getRepository(BillingMismatch)
      .createQueryBuilder('mismatch')
      .where('mismatch.workspace_id = :workspaceId AND mismatch.id = :mismatchId', { workspaceId, mismatchId })
      .setLock('pessimistic_write')
      .getOne();
    if (!mismatch) throw new DomainError('NOT_FOUND', 'No mismatch of this workspace has this id.');
    if (mismatch.status !== 'open') {
      throw new DomainError('MISMATCH_ALREADY_RESOLVED', `The mismatch is ${mismatch.status}; it was not changed.`, {
        extensions: { mismatchStatus: mismatch.status, resolution: mismatch.resolution },
      });
    }
    if (action === 'push_local') await this.pushLocal(mismatch);
    if (action === 'pull_provider') await this.pullProvider(mismatch);
    const reference = actorReference(this.actors.actor);
    Object.assign(mismatch, {
      status: 'resolved',
      resolution: action,
      note,
      resolvedBy: `${reference.type}:${reference.id}`,
      resolvedAt: new Date(),
    });
    await this.txHost.tx.getRepository(BillingMismatch).save(mismatch);
    await this.audit.recordInWorkspace(workspaceId, {
      action: 'billing.mismatch_resolved',
      target: { type: 'billing-mismatch', id: mismatch.id },
      data: {
        action,
        note,
        type: mismatch.type,
        object: mismatch.object,
        localId: mismatch.localId,
        providerId: mismatch.providerId,
        local: mismatch.local,
        provider: mismatch.providerValue,
      },
    });
    return MismatchResponse.of(mismatch);
  }

  /** Makes the provider say what Keel says. */
  private async pushLocal(mismatch: BillingMismatch): Promise<void> {
    const { workspaceId } = mismatch;
    if (mismatch.type === 'missing_locally') {
      throw unsupported(mismatch, 'push_local', 'Keel has nothing to push; remove it at the provider, or ignore it.');
    }
    if (mismatch.object === 'subscription') {
      await this.providerSync.syncSubscription(workspaceId);
      return;
    }
    if (mismatch.localId === null) throw unsupported(mismatch, 'push_local', 'Keel has no such invoice.');
    if (mismatch.type === 'missing_at_provider') {
      await this.providerSync.pushInvoice(workspaceId, mismatch.localId);
      return;
    }
    if (mismatch.type === 'status_differs' && mismatch.providerId !== null) {
      const local = String(mismatch.local?.status);
      if (local === 'open') {
        throw unsupported(
          mismatch,
          'push_local',
          `the provider's invoice is ${String(mismatch.providerValue?.status)} and cannot be reopened.`,
        );
      }
      await this.providerSync.settleInvoice(workspaceId, mismatch.localId, mismatch.providerId);
      return;
    }
    throw unsupported(
      mismatch,
      'push_local',
      'a finalized invoice’s amounts cannot be changed; void it on one side and issue it again.',
    );
  }

  /** Makes Keel say what the provider says. */
  private async pullProvider(mismatch: BillingMismatch): Promise<void> {
    if (mismatch.object === 'invoice' && mismatch.type === 'status_differs' && mismatch.localId !== null) {
      const outcome = PULLED_OUTCOME[String(mismatch.providerValue?.status)];
      if (outcome) {
        await this.payments.record(mismatch.workspaceId, mismatch.localId, outcome);
        return;
      }
      throw unsupported(
        mismatch,
        'pull_provider',
        `Keel cannot take over the provider's state ${String(mismatch.providerValue?.status)}.`,
      );
    }
    throw unsupported(
      mismatch,
      'pull_provider',
      mismatch.object === 'subscription'
        ? 'Keel decides the plan and status; change the subscription in Keel (POST …/subscription) or push it.'
        : 'only an invoice state (paid, void, uncollectible) can be taken from the provider.',
    );
  }
}
