import {
  buildEventPayload,
  endpointWantsEvent,
  eventTypeFilterSchema,
  MAX_EVENT_PAYLOAD_BYTES,
  WEBHOOK_EVENT_TYPES,
  webhookEventTypeSchema,
  WebhookPayloadTooLargeError,
} from '../src';

describe('event catalogue', () => {
  test('lists the ten fine-tuning job events and the two file events', () => {
    expect(WEBHOOK_EVENT_TYPES.filter((t) => t.startsWith('fine_tuning.job.'))).toHaveLength(10);
    expect(WEBHOOK_EVENT_TYPES.filter((t) => t.startsWith('file.'))).toEqual(['file.processed', 'file.error']);
    expect(new Set(WEBHOOK_EVENT_TYPES).size).toBe(WEBHOOK_EVENT_TYPES.length);
  });

  test('the zod enum accepts catalogue types and refuses others', () => {
    expect(webhookEventTypeSchema.parse('fine_tuning.job.checkpoint.created')).toBe('fine_tuning.job.checkpoint.created');
    expect(webhookEventTypeSchema.safeParse('fine_tuning.job.exploded').success).toBe(false);
  });
});

describe('buildEventPayload', () => {
  test('builds {id, type, created_at, data} with created_at in unix seconds and the exact body to sign', () => {
    const built = buildEventPayload({
      id: 'evt_01',
      type: 'fine_tuning.job.succeeded',
      createdAt: new Date('2025-01-02T03:04:05.678Z'),
      data: { id: 'ftjob_1', fine_tuned_model: 'ft:tiny:acme::abc' },
    });
    expect(built.payload).toEqual({
      id: 'evt_01',
      type: 'fine_tuning.job.succeeded',
      created_at: 1735787045,
      data: { id: 'ftjob_1', fine_tuned_model: 'ft:tiny:acme::abc' },
    });
    expect(JSON.parse(built.body)).toEqual(built.payload);
    expect(built.sizeBytes).toBe(Buffer.byteLength(built.body));
  });

  test('refuses an unknown event type', () => {
    expect(() =>
      buildEventPayload({ id: 'evt_1', type: 'job.nope' as 'file.error', createdAt: 0, data: {} }),
    ).toThrow();
  });

  test('throws WebhookPayloadTooLargeError past 20 KiB, measured in UTF-8 bytes, instead of truncating', () => {
    // 7,000 three-byte characters: 21,000 bytes although only 7,000 string characters.
    const data = { error: { message: '€'.repeat(7000) } };
    let thrown: unknown;
    try {
      buildEventPayload({ id: 'evt_big', type: 'fine_tuning.job.failed', createdAt: 1, data });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(WebhookPayloadTooLargeError);
    const tooLarge = thrown as WebhookPayloadTooLargeError;
    expect(tooLarge.limitBytes).toBe(MAX_EVENT_PAYLOAD_BYTES);
    expect(tooLarge.sizeBytes).toBeGreaterThan(21_000);
    expect(tooLarge.message).toMatch(/fine_tuning\.job\.failed/);
  });

  test('accepts a payload just under the limit', () => {
    const built = buildEventPayload({ id: 'e', type: 'file.error', createdAt: 1, data: { m: 'x'.repeat(20_000) } });
    expect(built.sizeBytes).toBeLessThanOrEqual(MAX_EVENT_PAYLOAD_BYTES);
  });
});

describe('endpointWantsEvent', () => {
  test('an empty subscription receives every event', () => {
    expect(endpointWantsEvent([], 'file.processed')).toBe(true);
  });

  test('exact types match only themselves', () => {
    expect(endpointWantsEvent(['fine_tuning.job.succeeded'], 'fine_tuning.job.succeeded')).toBe(true);
    expect(endpointWantsEvent(['fine_tuning.job.succeeded'], 'fine_tuning.job.failed')).toBe(false);
  });

  test('a prefix wildcard matches every type below it, at any depth, and nothing beside it', () => {
    const filters = ['fine_tuning.job.*'];
    expect(endpointWantsEvent(filters, 'fine_tuning.job.created')).toBe(true);
    expect(endpointWantsEvent(filters, 'fine_tuning.job.checkpoint.created')).toBe(true);
    expect(endpointWantsEvent(filters, 'file.processed')).toBe(false);
    expect(endpointWantsEvent(['fine_tuning.job.checkpoint.*'], 'fine_tuning.job.created')).toBe(false);
  });

  test('any one matching filter is enough; * matches everything', () => {
    expect(endpointWantsEvent(['file.error', 'fine_tuning.job.*'], 'file.error')).toBe(true);
    expect(endpointWantsEvent(['*'], 'file.processed')).toBe(true);
  });

  test('the filter schema accepts types and useful wildcards and refuses typos', () => {
    for (const ok of ['*', 'file.*', 'fine_tuning.job.*', 'fine_tuning.*', 'fine_tuning.job.eval.completed']) {
      expect(eventTypeFilterSchema.safeParse(ok).success).toBe(true);
    }
    for (const bad of ['fine_tuning.jobs.*', 'file.procesed', 'fine_tuning.job', '', 'file*']) {
      expect(eventTypeFilterSchema.safeParse(bad).success).toBe(false);
    }
  });
});
