import { createHmac } from 'node:crypto';
import { decodeWebhookSecret, generateWebhookSecret, signPayload } from '../src';

// Published known-answer vector from the Standard Webhooks reference test suite ("sign function
// works"): independent evidence that we compute the spec's signature byte for byte.
const REFERENCE = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

describe('generateWebhookSecret', () => {
  test('is whsec_ plus base64 of 32 random bytes, different every time', () => {
    const a = generateWebhookSecret();
    const b = generateWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(decodeWebhookSecret(a)).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  test('decoding accepts the secret with or without the prefix and refuses non-base64', () => {
    expect(decodeWebhookSecret('MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toEqual(decodeWebhookSecret(REFERENCE.secret));
    expect(() => decodeWebhookSecret('whsec_')).toThrow(/base64/);
    expect(() => decodeWebhookSecret('whsec_not base64!')).toThrow(/base64/);
  });
});

describe('signPayload', () => {
  test('reproduces the Standard Webhooks reference signature', () => {
    const headers = signPayload({ id: REFERENCE.id, timestamp: REFERENCE.timestamp, body: REFERENCE.body, secrets: [REFERENCE.secret] });
    expect(headers).toEqual({
      'webhook-id': REFERENCE.id,
      'webhook-timestamp': '1614265330',
      'webhook-signature': REFERENCE.signature,
    });
  });

  test('a Date timestamp is sent as whole unix seconds', () => {
    const headers = signPayload({ id: 'evt_1', timestamp: new Date(1614265330_999), body: '{}', secrets: [REFERENCE.secret] });
    expect(headers['webhook-timestamp']).toBe('1614265330');
  });

  test('signs the raw bytes of a Buffer body, identical to the same text as a string', () => {
    const asString = signPayload({ ...REFERENCE, secrets: [REFERENCE.secret] });
    const asBuffer = signPayload({ ...REFERENCE, body: Buffer.from(REFERENCE.body), secrets: [REFERENCE.secret] });
    expect(asBuffer['webhook-signature']).toBe(asString['webhook-signature']);
  });

  test('during rotation every secret signs: one space-separated v1 entry each, in order', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const headers = signPayload({ id: 'evt_rot', timestamp: 1700000000, body: '{"a":1}', secrets: [oldSecret, newSecret] });
    const entries = headers['webhook-signature'].split(' ');
    expect(entries).toHaveLength(2);
    const expected = [oldSecret, newSecret].map(
      (s) => 'v1,' + createHmac('sha256', decodeWebhookSecret(s)).update('evt_rot.1700000000.{"a":1}').digest('base64'),
    );
    expect(entries).toEqual(expected);
  });

  test('refuses to sign with no secret, a bad id or a bad timestamp', () => {
    expect(() => signPayload({ id: 'evt', timestamp: 1, body: '{}', secrets: [] })).toThrow(/secret/);
    expect(() => signPayload({ id: 'evt\r\nx: y', timestamp: 1, body: '{}', secrets: [REFERENCE.secret] })).toThrow(/id/);
    expect(() => signPayload({ id: 'evt', timestamp: 1.5, body: '{}', secrets: [REFERENCE.secret] })).toThrow(/timestamp/);
  });
});
