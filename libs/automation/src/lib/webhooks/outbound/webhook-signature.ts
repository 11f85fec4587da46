import { Webhook } from 'standardwebhooks';
import { WEBHOOK_SECRET_PREFIX } from './webhook-secret';

/** The three headers a Standard Webhooks receiver verifies. */
export interface StandardWebhookHeaders {
  readonly 'webhook-id': string;
  readonly 'webhook-timestamp': string;
  readonly 'webhook-signature': string;
}

export interface WebhookSignatureInput {
  /**
   * The endpoint's secrets, `whsec_<base64>`: the current one, and during a
   * rotation the one it replaces. Each signs; the header carries every
   * signature, space-separated, as Standard Webhooks allows, so a receiver
   * holding either secret verifies.
   */
  readonly secrets: readonly string[];
  /** The webhook-id: one per message (delivery), the same on every retry of it so the receiver can deduplicate. */
  readonly messageId: string;
  /** When this attempt is made (not when the event happened); signed at whole-second precision. */
  readonly timestamp: Date;
  /** The exact JSON text that will be sent: the signature covers these bytes, not a re-serialisation. */
  readonly body: string;
}

// Visible ASCII only, so the id is a valid header value; without '.', which the
// spec forbids because it delimits the signed content `{id}.{timestamp}.{body}`.
const MESSAGE_ID = /^[!-~]+$/;

/** Signs one delivery attempt the Standard Webhooks way (HMAC-SHA256, `v1,<base64>`) and returns its headers. */
export function signWebhook(input: WebhookSignatureInput): StandardWebhookHeaders {
  if (input.secrets.length === 0) throw new TypeError('A webhook is signed with at least one secret.');
  for (const secret of input.secrets) {
    if (!secret.startsWith(WEBHOOK_SECRET_PREFIX)) {
      // The library would also take an unprefixed string and base64-decode it; demanding
      // the prefix catches a wrong value (say a still-encrypted column) being passed in.
      throw new TypeError(`A webhook secret must start with ${WEBHOOK_SECRET_PREFIX}.`);
    }
  }
  if (!MESSAGE_ID.test(input.messageId) || input.messageId.includes('.')) {
    throw new TypeError('A webhook message id must be visible ASCII without a full stop.');
  }
  const millis = input.timestamp.getTime();
  if (!Number.isFinite(millis)) {
    throw new TypeError('A webhook timestamp must be a valid date.');
  }
  const signature = input.secrets
    .map((secret) => new Webhook(secret).sign(input.messageId, input.timestamp, input.body))
    .join(' ');
  return {
    'webhook-id': input.messageId,
    // The library signs the timestamp floored to seconds; the header must carry that same number.
    'webhook-timestamp': String(Math.floor(millis / 1000)),
    'webhook-signature': signature,
  };
}
