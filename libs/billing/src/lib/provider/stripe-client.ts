import Stripe from 'stripe';
import type { BillingConfig } from '../billing-config';

/**
 * The official Stripe SDK, pointed at STRIPE_API_BASE (Stripe itself, or a
 * local server speaking its wire format in tests). The SDK retries network
 * failures and 409/429/5xx answers itself, sending the same Idempotency-Key
 * each time.
 */
export function stripeClient(config: BillingConfig): Stripe {
  const base = new URL(config.STRIPE_API_BASE);
  const protocol = base.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(config.STRIPE_SECRET_KEY ?? '', {
    host: base.hostname,
    port: base.port === '' ? (protocol === 'http' ? 80 : 443) : Number(base.port),
    protocol,
    maxNetworkRetries: 2,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: 'Keel' },
  });
}
