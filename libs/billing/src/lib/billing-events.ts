import type { EventTypeDefinition, JsonSchema } from '@keel/events';

export const BILLING_EVENT_VERSION = 1;

export const SUBSCRIPTION_CHANGED = 'subscription.changed';
export const INVOICE_FINALIZED = 'invoice.finalized';
export const INVOICE_PAID = 'invoice.paid';
export const INVOICE_PAYMENT_FAILED = 'invoice.payment_failed';
export const BILLING_PROVIDER_EVENT_RECEIVED = 'billing.provider_event_received';
export const ENTITLEMENT_THRESHOLD_CROSSED = 'entitlement.threshold_crossed';

const planReference: JsonSchema = {
  type: 'object',
  required: ['key', 'version'],
  properties: { key: { type: 'string' }, version: { type: 'integer' } },
};

const subscription: JsonSchema = {
  type: 'object',
  required: ['id', 'plan', 'interval', 'status', 'currentPeriod', 'cancelAtPeriodEnd'],
  properties: {
    id: { type: 'string' },
    plan: planReference,
    interval: { enum: ['month', 'year'] },
    status: { enum: ['trialing', 'active', 'past_due', 'paused', 'canceled'] },
    currentPeriod: {
      type: 'object',
      required: ['start', 'end'],
      properties: { start: { type: 'string' }, end: { type: 'string' } },
    },
    cancelAtPeriodEnd: { type: 'boolean' },
    pendingChange: {
      type: ['object', 'null'],
      properties: { plan: planReference, interval: { type: 'string' }, effectiveAt: { type: 'string' } },
    },
  },
};

const invoice: JsonSchema = {
  type: 'object',
  required: ['id', 'status', 'currency', 'total', 'amountDue', 'period'],
  properties: {
    id: { type: 'string' },
    status: { enum: ['draft', 'open', 'paid', 'void', 'uncollectible'] },
    currency: { type: 'string' },
    total: { type: 'integer' },
    amountDue: { type: 'integer' },
    period: {
      type: 'object',
      required: ['start', 'end'],
      properties: { start: { type: 'string' }, end: { type: 'string' } },
    },
  },
};

/** Why a subscription changed. */
export type SubscriptionChange =
  | 'plan_changed'
  | 'resubscribed'
  | 'change_scheduled'
  | 'change_unscheduled'
  | 'cancel_scheduled'
  | 'canceled'
  | 'renewed'
  | 'past_due'
  | 'restored';

export const BILLING_EVENT_DEFINITIONS: EventTypeDefinition[] = [
  {
    type: SUBSCRIPTION_CHANGED,
    version: BILLING_EVENT_VERSION,
    description:
      'The subscription changed (`change`): plan_changed (an upgrade now, or any change during a trial), change_scheduled (a downgrade or new interval at the period end), change_unscheduled, cancel_scheduled, canceled, resubscribed, renewed (the period end applied a scheduled change or ended a trial), past_due (a payment failed) or restored (paid).',
    schema: {
      type: 'object',
      required: ['subscription', 'change'],
      properties: {
        subscription,
        change: {
          enum: [
            'plan_changed',
            'resubscribed',
            'change_scheduled',
            'change_unscheduled',
            'cancel_scheduled',
            'canceled',
            'renewed',
            'past_due',
            'restored',
          ],
        },
        previous: { type: 'object', properties: { plan: planReference, status: { type: 'string' } } },
      },
    },
  },
  {
    type: INVOICE_FINALIZED,
    version: BILLING_EVENT_VERSION,
    description: "A period's invoice was finalized: its lines and total are fixed and it is open for payment.",
    schema: { type: 'object', required: ['invoice'], properties: { invoice } },
  },
  {
    type: INVOICE_PAID,
    version: BILLING_EVENT_VERSION,
    description: 'An invoice was paid (or had nothing to pay).',
    schema: { type: 'object', required: ['invoice'], properties: { invoice } },
  },
  {
    type: INVOICE_PAYMENT_FAILED,
    version: BILLING_EVENT_VERSION,
    description: 'A payment of an invoice failed: the subscription is past_due until it is paid.',
    schema: {
      type: 'object',
      required: ['invoice', 'attemptCount'],
      properties: { invoice, attemptCount: { type: 'integer' } },
    },
  },
  {
    type: ENTITLEMENT_THRESHOLD_CROSSED,
    version: BILLING_EVENT_VERSION,
    description:
      "A feature's usage reached 50, 80 or 100 % (`percent`) of its plan's limit or included quantity, for the first time this billing period: once per feature, threshold and period (a write that crosses two at once publishes both).",
    schema: {
      type: 'object',
      required: ['feature', 'percent', 'usage', 'limit', 'plan', 'period'],
      properties: {
        feature: { type: 'string' },
        percent: { enum: [50, 80, 100] },
        usage: { type: 'number' },
        limit: { type: 'number' },
        plan: planReference,
        period: {
          type: 'object',
          required: ['start', 'end'],
          properties: { start: { type: 'string' }, end: { type: 'string' } },
        },
      },
    },
  },
  {
    type: BILLING_PROVIDER_EVENT_RECEIVED,
    version: BILLING_EVENT_VERSION,
    description:
      'A webhook event of the payment provider was received for the first time (a redelivery of the same event id is not published again); billing acts on it once. The event itself is kept by billing, not carried here.',
    schema: {
      type: 'object',
      required: ['provider', 'providerEventId', 'type', 'objectId'],
      properties: {
        provider: { type: 'string' },
        providerEventId: { type: 'string' },
        type: { type: 'string' },
        objectId: { type: 'string' },
      },
    },
  },
];
