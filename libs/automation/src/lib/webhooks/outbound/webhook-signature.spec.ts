import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-secret';
import { signWebhook } from './webhook-signature';

describe('signWebhook', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ type: 'project.created', data: { id: '0190b5d4-5e7a-7cc1-9a4e-1f2a3b4c5d6e' } });
  const messageId = '0190b5d4-5e7a-7cc1-9a4e-aaaaaaaaaaaa';

  function sign(timestamp = new Date()): Record<string, string> {
    return { ...signWebhook({ secrets: [secret], messageId, timestamp, body }) };
  }

  it('should be accepted by the library’s own verifier', () => {
    const headers = sign();

    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('should give the id, whole-second timestamp and a single v1 signature', () => {
    const headers = sign(new Date(1_700_000_000_999));

    expect(headers['webhook-id']).toBe(messageId);
    expect(headers['webhook-timestamp']).toBe('1700000000');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
  });

  it('should fail verification when the body changes', () => {
    const headers = sign();

    expect(() => new Webhook(secret).verify(body.replace('created', 'deleted'), headers)).toThrow(
      WebhookVerificationError,
    );
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow(WebhookVerificationError);
  });

  it('should fail verification when the id changes', () => {
    const headers = { ...sign(), 'webhook-id': `${messageId}x` };

    expect(() => new Webhook(secret).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('should fail verification when the timestamp changes', () => {
    const headers = sign();
    const moved = { ...headers, 'webhook-timestamp': String(Number(headers['webhook-timestamp']) - 1) };

    expect(() => new Webhook(secret).verify(body, moved)).toThrow(WebhookVerificationError);
  });

  it('should fail verification under another secret', () => {
    expect(() => new Webhook(generateWebhookSecret()).verify(body, sign())).toThrow(WebhookVerificationError);
  });

  it('should match the known answer of the Standard Webhooks reference test suite', () => {
    // The spec's own example headers come without their secret, so the vector is the one the
    // reference JavaScript library tests its sign() with (libraries/javascript/src/webhook.test.ts).
    const headers = signWebhook({
      secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'],
      messageId: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      timestamp: new Date(1614265330 * 1000),
      body: '{"test": 2432232314}',
    });

    expect(headers).toEqual({
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    });
  });

  it('should sign exactly the spec’s content {id}.{timestamp}.{body} with HMAC-SHA256', () => {
    // The spec's example message, checked against an independent HMAC from node:crypto.
    const key = Buffer.alloc(24, 7);
    const example =
      '{"type":"contact.created","timestamp":"2022-11-03T20:26:10.344522Z","data":{"id":"1f81eb52-5198-4599-803e-771906343485"}}';
    const expected = createHmac('sha256', key)
      .update(`msg_2KWPBgLlAfxdpx2AI54pPJ85f4W.1674087231.${example}`, 'utf8')
      .digest('base64');

    const headers = signWebhook({
      secrets: [`whsec_${key.toString('base64')}`],
      messageId: 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W',
      timestamp: new Date(1674087231 * 1000),
      body: example,
    });

    expect(headers['webhook-signature']).toBe(`v1,${expected}`);
  });

  it('should sign with every secret during a rotation, so a receiver holding either verifies', () => {
    const previous = generateWebhookSecret();
    const headers = signWebhook({ secrets: [secret, previous], messageId, timestamp: new Date(), body });

    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}= v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(previous).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow(WebhookVerificationError);
  });

  it('should refuse to sign with no secret', () => {
    expect(() => signWebhook({ secrets: [], messageId, timestamp: new Date(), body })).toThrow(TypeError);
  });

  it('should refuse a secret without the whsec_ prefix', () => {
    expect(() =>
      signWebhook({ secrets: [secret.slice('whsec_'.length)], messageId, timestamp: new Date(), body }),
    ).toThrow(TypeError);
  });

  it('should refuse a message id the signed content or a header cannot carry', () => {
    for (const bad of ['', 'evt.1', 'evt 1', 'evt\r\n1']) {
      expect(() => signWebhook({ secrets: [secret], messageId: bad, timestamp: new Date(), body })).toThrow(TypeError);
    }
  });

  it('should refuse an invalid date', () => {
    expect(() => signWebhook({ secrets: [secret], messageId, timestamp: new Date(Number.NaN), body })).toThrow(TypeError);
  });
});
