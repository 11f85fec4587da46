import { Injectable } from '@nestjs/common';
import { BillingProvider, CollectionOutcome } from './billing-provider';

/**
 * `BILLING_PROVIDER=none`, the default for self-hosting: no one is charged.
 * A finalized invoice stays open until an operator records what happened
 * (`main.js billing:invoice <workspaceId> <invoiceId> paid|payment_failed|void|uncollectible`).
 */
@Injectable()
export class NoBillingProvider extends BillingProvider {
  readonly name = 'none';

  collect(): Promise<CollectionOutcome> {
    return Promise.resolve('pending');
  }
}
