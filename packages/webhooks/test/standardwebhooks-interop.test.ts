import { buildEventPayload, deliver, generateWebhookSecret, parseAllowedHosts, signPayload, verifyWebhook } from '../src';
import { startReceiver } from './support/receiver';
import { loadReferenceWebhook } from './support/standard-webhooks-reference';

// Cross-checks against the Standard Webhooks reference library (the `standardwebhooks` npm
// package): what customers using any official verifier run against our signatures.
const ReferenceWebhook = loadReferenceWebhook();
const describeWithReference = ReferenceWebhook ? describe : describe.skip;

describeWithReference(`interop with the standardwebhooks package${ReferenceWebhook ? '' : ' (NOT INSTALLED: skipped)'}`, () => {
  const Webhook = ReferenceWebhook!;
  const { body } = buildEventPayload({ id: 'evt_i', type: 'fine_tuning.job.running', createdAt: new Date(), data: { id: 'ftjob_9' } });

  test('its Webhook.verify accepts our signature and returns our payload', () => {
    const secret = generateWebhookSecret();
    const headers = signPayload({ id: 'evt_i', timestamp: new Date(), body, secrets: [secret] });
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
  });

  test('its Webhook.verify accepts a rotation header with whichever secret the customer holds', () => {
    const oldSecret = generateWebhookSecret();
    const newSecret = generateWebhookSecret();
    const headers = { ...signPayload({ id: 'evt_i', timestamp: new Date(), body, secrets: [oldSecret, newSecret] }) };
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(generateWebhookSecret()).verify(body, headers)).toThrow();
  });

  test('its Webhook.verify rejects our signature over a tampered body', () => {
    const secret = generateWebhookSecret();
    const headers = { ...signPayload({ id: 'evt_i', timestamp: new Date(), body, secrets: [secret] }) };
    expect(() => new Webhook(secret).verify(body.replace('ftjob_9', 'ftjob_8'), headers)).toThrow();
  });

  test('our verifyWebhook accepts its Webhook.sign output', () => {
    const secret = generateWebhookSecret();
    const now = new Date();
    const signature = new Webhook(secret).sign('evt_i', now, body);
    const headers = { 'webhook-id': 'evt_i', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': signature };
    expect(verifyWebhook(secret, headers, body, { now }).id).toBe('evt_i');
  });

  test('a delivery over real HTTP verifies with its Webhook.verify on the receiving side', async () => {
    const secret = generateWebhookSecret();
    const receiver = await startReceiver((_req, res) => res.writeHead(204).end());
    try {
      const headers = signPayload({ id: 'evt_i', timestamp: new Date(), body, secrets: [secret] });
      const result = await deliver({ url: receiver.origin, headers: { ...headers }, body, allowHttp: true, allowedHosts: parseAllowedHosts('127.0.0.1') });
      expect(result.ok).toBe(true);
      const [request] = receiver.requests;
      expect(new Webhook(secret).verify(request!.body.toString(), request!.headers as Record<string, string>)).toEqual(JSON.parse(body));
    } finally {
      await receiver.close();
    }
  });
});
