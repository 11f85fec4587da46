import type { Invoice } from '../invoices/invoice.entity';
import type { ProviderSnapshot } from '../provider/billing-provider';
import type { Subscription } from '../subscriptions/subscription.entity';
import type { MismatchType } from './billing-mismatch.entity';

/** One difference, before it is stored. */
export interface MismatchFinding {
  type: MismatchType;
  object: 'subscription' | 'invoice';
  localId: string | null;
  providerId: string | null;
  local: Record<string, unknown> | null;
  provider: Record<string, unknown> | null;
}

/** What Keel holds for the workspace. */
export interface LocalBilling {
  subscription: Subscription;
  /** The price of the subscription's plan for its interval, minor units: a free plan is not expected at the provider until pushed. */
  planPrice: number;
  /** Finalized invoices (not drafts). */
  invoices: Invoice[];
}

/**
 * The status the provider's mirror should show: `past_due` is Keel's dunning
 * (its invoices at the provider say what is unpaid), the mirror stays active.
 */
function mirroredStatus(subscription: Subscription): string {
  return subscription.status === 'past_due' ? 'active' : subscription.status;
}

/**
 * Compares Keel's subscription and finalized invoices with the provider's.
 * Pairs are made by the ids each side keeps of the other (Keel's provider
 * ids, the provider's `keel_*` metadata). A subscription on a free plan that
 * was never mirrored, an invoice with nothing due (paid at once, never sent)
 * and a provider invoice of 0 that names no Keel invoice (the mirror's own
 * free renewals) are not expected on the other side.
 */
export function findMismatches(local: LocalBilling, snapshot: ProviderSnapshot): MismatchFinding[] {
  const findings: MismatchFinding[] = [];
  const { subscription } = local;
  const subscriptionSide = {
    plan: subscription.planKey,
    interval: subscription.interval,
    status: mirroredStatus(subscription),
  };
  const mirror =
    snapshot.subscriptions.find((each) => each.id === subscription.providerSubscriptionId) ??
    snapshot.subscriptions.find((each) => each.keelSubscriptionId === subscription.id && each.status !== 'canceled');
  const expected =
    subscription.providerSubscriptionId !== null || (local.planPrice > 0 && subscription.status !== 'canceled');
  if (!mirror) {
    if (expected) {
      findings.push({
        type: 'missing_at_provider',
        object: 'subscription',
        localId: subscription.id,
        providerId: subscription.providerSubscriptionId,
        local: subscriptionSide,
        provider: null,
      });
    }
  } else {
    const base = { object: 'subscription' as const, localId: subscription.id, providerId: mirror.id };
    if (mirror.status !== subscriptionSide.status) {
      findings.push({
        ...base,
        type: 'status_differs',
        local: { status: subscriptionSide.status },
        provider: { status: mirror.status },
      });
    }
    if (mirror.planKey !== subscription.planKey || mirror.interval !== subscription.interval) {
      findings.push({
        ...base,
        type: 'plan_differs',
        local: { plan: subscription.planKey, interval: subscription.interval },
        provider: { plan: mirror.planKey, interval: mirror.interval },
      });
    }
  }
  for (const other of snapshot.subscriptions) {
    if (other === mirror || other.status === 'canceled') continue;
    findings.push({
      type: 'missing_locally',
      object: 'subscription',
      localId: null,
      providerId: other.id,
      local: null,
      provider: { plan: other.planKey, interval: other.interval, status: other.status },
    });
  }

  const matched = new Set<string>();
  for (const invoice of local.invoices) {
    const theirs =
      snapshot.invoices.find((each) => invoice.providerInvoiceId !== null && each.id === invoice.providerInvoiceId) ??
      snapshot.invoices.find((each) => each.keelInvoiceId === invoice.id);
    const ours = {
      status: invoice.status,
      total: invoice.total,
      amountDue: invoice.amountDue,
      currency: invoice.currency,
    };
    if (!theirs) {
      if (invoice.amountDue > 0 || invoice.providerInvoiceId !== null) {
        findings.push({
          type: 'missing_at_provider',
          object: 'invoice',
          localId: invoice.id,
          providerId: invoice.providerInvoiceId,
          local: ours,
          provider: null,
        });
      }
      continue;
    }
    matched.add(theirs.id);
    const base = { object: 'invoice' as const, localId: invoice.id, providerId: theirs.id };
    if (theirs.status !== invoice.status) {
      findings.push({
        ...base,
        type: 'status_differs',
        local: { status: invoice.status },
        provider: { status: theirs.status },
      });
    }
    if (theirs.total !== invoice.total || theirs.currency !== invoice.currency) {
      findings.push({
        ...base,
        type: 'amount_differs',
        local: { total: invoice.total, currency: invoice.currency },
        provider: { total: theirs.total, currency: theirs.currency },
      });
    }
  }
  for (const theirs of snapshot.invoices) {
    if (matched.has(theirs.id)) continue;
    if (theirs.keelInvoiceId === null && theirs.total === 0) continue;
    findings.push({
      type: 'missing_locally',
      object: 'invoice',
      localId: theirs.keelInvoiceId,
      providerId: theirs.id,
      local: null,
      provider: { status: theirs.status, total: theirs.total, amountDue: theirs.amountDue, currency: theirs.currency },
    });
  }
  return findings;
}
