import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-secret';

const STANDARD_BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function decodedLength(secret: string): number {
  return Buffer.from(secret.slice('whsec_'.length), 'base64').length;
}

describe('generateWebhookSecret', () => {
  it('should give whsec_ and standard base64 of 32 random bytes by default', () => {
    const secret = generateWebhookSecret();

    expect(secret.startsWith('whsec_')).toBe(true);
    expect(secret.slice('whsec_'.length)).toMatch(STANDARD_BASE64);
    expect(decodedLength(secret)).toBe(32);
  });

  it('should give any length the spec allows, 24 to 64 bytes', () => {
    expect(decodedLength(generateWebhookSecret(24))).toBe(24);
    expect(decodedLength(generateWebhookSecret(64))).toBe(64);
  });

  it('should refuse lengths outside the spec', () => {
    expect(() => generateWebhookSecret(23)).toThrow(RangeError);
    expect(() => generateWebhookSecret(65)).toThrow(RangeError);
    expect(() => generateWebhookSecret(32.5)).toThrow(RangeError);
  });

  it('should never repeat itself', () => {
    const secrets = new Set(Array.from({ length: 1000 }, () => generateWebhookSecret()));

    expect(secrets.size).toBe(1000);
  });

  it('should be a key the Standard Webhooks library takes', () => {
    const secret = generateWebhookSecret();
    const wh = new Webhook(secret);
    const now = new Date();
    const signature = wh.sign('evt_1', now, '{}');

    expect(() =>
      wh.verify('{}', {
        'webhook-id': 'evt_1',
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      }),
    ).not.toThrow();
  });
});
