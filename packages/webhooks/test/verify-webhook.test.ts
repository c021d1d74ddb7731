import {
  buildEventPayload,
  generateWebhookSecret,
  signPayload,
  verifyWebhook,
  WebhookVerificationError,
  type WebhookSignatureHeaders,
} from '../src';

const NOW = new Date('2025-06-01T12:00:00Z');
const NOW_SECONDS = NOW.getTime() / 1000;
const secret = generateWebhookSecret();
const { body } = buildEventPayload({ id: 'evt_v', type: 'file.processed', createdAt: NOW, data: { id: 'file-1' } });

function signedHeaders(options: { timestamp?: number; secrets?: string[] } = {}): WebhookSignatureHeaders & Record<string, string> {
  return { ...signPayload({ id: 'evt_v', timestamp: options.timestamp ?? NOW_SECONDS, body, secrets: options.secrets ?? [secret] }) };
}

function failure(fn: () => unknown): WebhookVerificationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WebhookVerificationError) return error;
    throw error;
  }
  throw new Error('expected verification to fail');
}

describe('verifyWebhook', () => {
  test('a valid request returns the parsed event', () => {
    const event = verifyWebhook(secret, signedHeaders(), body, { now: NOW });
    expect(event).toEqual({ id: 'evt_v', type: 'file.processed', created_at: NOW_SECONDS, data: { id: 'file-1' } });
  });

  test('accepts Buffer bodies, header names in any case, and fetch Headers objects', () => {
    const mixedCase = Object.fromEntries(Object.entries(signedHeaders()).map(([k, v]) => [k.toUpperCase(), v]));
    expect(verifyWebhook(secret, mixedCase, Buffer.from(body), { now: NOW }).id).toBe('evt_v');
    expect(verifyWebhook(secret, new Headers(signedHeaders()), body, { now: NOW }).id).toBe('evt_v');
  });

  test('a tampered body fails with invalid_signature', () => {
    const tampered = body.replace('file-1', 'file-2');
    expect(failure(() => verifyWebhook(secret, signedHeaders(), tampered, { now: NOW })).reason).toBe('invalid_signature');
  });

  test('a tampered id or timestamp fails too, since both are signed', () => {
    const otherId = { ...signedHeaders(), 'webhook-id': 'evt_other' };
    expect(failure(() => verifyWebhook(secret, otherId, body, { now: NOW })).reason).toBe('invalid_signature');
    const otherTime = { ...signedHeaders(), 'webhook-timestamp': String(NOW_SECONDS - 1) };
    expect(failure(() => verifyWebhook(secret, otherTime, body, { now: NOW })).reason).toBe('invalid_signature');
  });

  test('the wrong secret fails with invalid_signature', () => {
    expect(failure(() => verifyWebhook(generateWebhookSecret(), signedHeaders(), body, { now: NOW })).reason).toBe('invalid_signature');
  });

  test('a timestamp older than the tolerance fails with timestamp_too_old; at the tolerance it passes', () => {
    const old = signedHeaders({ timestamp: NOW_SECONDS - 301 });
    expect(failure(() => verifyWebhook(secret, old, body, { now: NOW })).reason).toBe('timestamp_too_old');
    expect(verifyWebhook(secret, signedHeaders({ timestamp: NOW_SECONDS - 300 }), body, { now: NOW }).id).toBe('evt_v');
    const custom = signedHeaders({ timestamp: NOW_SECONDS - 30 });
    expect(failure(() => verifyWebhook(secret, custom, body, { now: NOW, toleranceSeconds: 10 })).reason).toBe('timestamp_too_old');
  });

  test('a timestamp beyond the tolerance in the future fails with timestamp_in_future', () => {
    const future = signedHeaders({ timestamp: NOW_SECONDS + 301 });
    expect(failure(() => verifyWebhook(secret, future, body, { now: NOW })).reason).toBe('timestamp_in_future');
  });

  test('during rotation a receiver holding either the old or the new secret accepts the request', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const headers = signedHeaders({ secrets: [oldSecret, newSecret] });
    expect(verifyWebhook(oldSecret, headers, body, { now: NOW }).id).toBe('evt_v');
    expect(verifyWebhook(newSecret, headers, body, { now: NOW }).id).toBe('evt_v');
    expect(verifyWebhook([generateWebhookSecret(), newSecret], headers, body, { now: NOW }).id).toBe('evt_v');
  });

  test('unknown signature versions and malformed entries are skipped, not fatal', () => {
    const good = signedHeaders()['webhook-signature'];
    const headers = { ...signedHeaders(), 'webhook-signature': `v2,abc v1a,${good.slice(3)} v1, garbage ${good}` };
    expect(verifyWebhook(secret, headers, body, { now: NOW }).id).toBe('evt_v');
  });

  test('missing headers fail with missing_headers; a non-numeric timestamp with malformed_headers', () => {
    const { 'webhook-signature': _omitted, ...withoutSignature } = signedHeaders();
    expect(failure(() => verifyWebhook(secret, withoutSignature, body, { now: NOW })).reason).toBe('missing_headers');
    const badTime = { ...signedHeaders(), 'webhook-timestamp': '1e9' };
    expect(failure(() => verifyWebhook(secret, badTime, body, { now: NOW })).reason).toBe('malformed_headers');
  });

  test('a correctly signed body that is not an event fails with invalid_payload', () => {
    const notJson = 'not json';
    const headers = signPayload({ id: 'evt_v', timestamp: NOW_SECONDS, body: notJson, secrets: [secret] });
    expect(failure(() => verifyWebhook(secret, { ...headers }, notJson, { now: NOW })).reason).toBe('invalid_payload');
  });

  test('accepts a request signed by the Standard Webhooks reference test vector', () => {
    const headers = {
      'webhook-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek',
      'webhook-timestamp': '1614265330',
      'webhook-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
    };
    // The vector's body is not one of our events, so verification passes the signature and
    // timestamp checks and stops only at the event shape.
    const error = failure(() =>
      verifyWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', headers, '{"test": 2432232314}', { now: new Date(1614265330_000) }),
    );
    expect(error.reason).toBe('invalid_payload');
    const tampered = failure(() =>
      verifyWebhook('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', headers, '{"test": 2432232315}', { now: new Date(1614265330_000) }),
    );
    expect(tampered.reason).toBe('invalid_signature');
  });
});
