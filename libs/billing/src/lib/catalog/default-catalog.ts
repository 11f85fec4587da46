import type { BillingCatalog } from './plan';

/**
 * The built-in catalog, used when BILLING_CATALOG names no file: Free, Team
 * and Business, as docs/billing.md lists them. Change a plan here (or in the
 * file) and the next start syncs it as a new version.
 */
export const DEFAULT_BILLING_CATALOG: BillingCatalog = {
  defaultPlan: 'free',
  plans: [
    {
      key: 'free',
      name: 'Free',
      prices: [
        { interval: 'month', amount: 0, currency: 'usd' },
        { interval: 'year', amount: 0, currency: 'usd' },
      ],
      trialDays: 0,
      features: {
        members: { kind: 'limit', limit: 3, enforcement: 'hard' },
        projects: { kind: 'limit', limit: 5, enforcement: 'hard' },
        webhook_endpoints: { kind: 'limit', limit: 1, enforcement: 'hard' },
        api_keys: { kind: 'limit', limit: 2, enforcement: 'hard' },
        api_requests: { kind: 'metered', included: 10_000, enforcement: 'hard' },
        api_rate_limit: { kind: 'limit', limit: 600, enforcement: 'hard' },
        sso: { kind: 'boolean', enabled: false, enforcement: 'hard' },
      },
    },
    {
      key: 'team',
      name: 'Team',
      prices: [
        { interval: 'month', amount: 2_900, currency: 'usd' },
        { interval: 'year', amount: 29_000, currency: 'usd' },
      ],
      trialDays: 14,
      features: {
        members: { kind: 'limit', limit: 25, enforcement: 'hard' },
        projects: { kind: 'limit', limit: 50, enforcement: 'hard' },
        webhook_endpoints: { kind: 'limit', limit: 10, enforcement: 'hard' },
        api_keys: { kind: 'limit', limit: 25, enforcement: 'hard' },
        api_requests: { kind: 'metered', included: 1_000_000, overageUnitAmount: 0, enforcement: 'soft' },
        api_rate_limit: { kind: 'limit', limit: 3_000, enforcement: 'hard' },
        sso: { kind: 'boolean', enabled: false, enforcement: 'hard' },
      },
    },
    {
      key: 'business',
      name: 'Business',
      prices: [
        { interval: 'month', amount: 9_900, currency: 'usd' },
        { interval: 'year', amount: 99_000, currency: 'usd' },
      ],
      trialDays: 14,
      features: {
        members: { kind: 'limit', limit: null, enforcement: 'hard' },
        projects: { kind: 'limit', limit: null, enforcement: 'hard' },
        webhook_endpoints: { kind: 'limit', limit: 100, enforcement: 'soft' },
        api_keys: { kind: 'limit', limit: null, enforcement: 'hard' },
        api_requests: { kind: 'metered', included: 10_000_000, overageUnitAmount: 0, enforcement: 'soft' },
        api_rate_limit: { kind: 'limit', limit: 12_000, enforcement: 'hard' },
        sso: { kind: 'boolean', enabled: true, enforcement: 'hard' },
      },
    },
  ],
};
