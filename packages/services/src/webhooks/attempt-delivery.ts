import type { Db } from '@whetstone/db';
import type { Producers } from '@whetstone/queue';
import {
  deliver,
  planNextAttempt,
  signPayload,
  WebhookPayloadTooLargeError,
  type DeliveryResult,
  type EndpointDisablePolicy,
  type RetryPolicy,
  type SecretKeyring,
} from '@whetstone/webhooks';
import { newId } from '@whetstone/common';
import { claimDueDelivery, recordDeliveryAttempt } from './delivery-rows';
import { dispatchDelivery } from './dispatch-delivery';
import { activeSigningSecrets } from './endpoint-object';
import { disableEndpointIfFailing } from './endpoint-health';
import { webhookEventBody } from './event-body';
import type { WebhookUrlPolicy } from './url-policy';

/** How the worker delivers: from its configuration, built once at boot. */
export interface WebhookDeliverySettings {
  urlPolicy: WebhookUrlPolicy;
  /** Decrypts the endpoints' signing secrets (WEBHOOK_SECRET_KEYS). */
  secretKeyring: SecretKeyring;
  timeoutMs: number;
  retryPolicy: RetryPolicy;
  disablePolicy?: EndpointDisablePolicy;
}

export interface AttemptDeliveryDeps {
  db: Db;
  producers: Producers;
  clock?: () => Date;
}

export type AttemptDeliveryResult =
  | { outcome: 'skipped'; reason: string }
  | {
      outcome: 'succeeded' | 'retrying' | 'failed';
      attempt: number;
      statusCode: number | null;
      latencyMs: number | null;
      error: string | null;
      /** For the worker's log only: the precise network cause behind a connection_failed. */
      errorCause?: string;
      nextAttemptAt: Date | null;
      endpointDisabled: string | null;
      /** When the delivered event was recorded (for delivery-lag metrics). */
      eventCreatedAt: Date;
    };

/** A job may fire a little before the row's due time (clock skew between machines). */
const EARLY_SLACK_MS = 2_000;
/** The claim outlives one attempt by this much; if the worker dies, the sweep retries after it. */
const CLAIM_MARGIN_MS = 15_000;
const MAX_ERROR_LENGTH = 1_000;

/**
 * One delivery attempt, as the webhooks queue runs it. Claims the delivery (only a pending one
 * that is due, so duplicate jobs never send concurrently), signs the event body with the
 * endpoint's active secret(s), sends it once (SSRF-checked again, pinned, no redirects, time-
 * limited), records the attempt and the delivery's new state, then schedules the next attempt
 * (exponential backoff with jitter, at least any Retry-After) or gives up. A 410 or a
 * persistently failing endpoint is disabled with the reason recorded.
 */
export async function attemptWebhookDelivery(
  deps: AttemptDeliveryDeps,
  settings: WebhookDeliverySettings,
  input: { organizationId: string; deliveryId: string },
): Promise<AttemptDeliveryResult> {
  const clock = deps.clock ?? (() => new Date());
  const { organizationId: orgId, deliveryId } = input;
  const claimedAt = clock();
  const delivery = await claimDueDelivery(deps.db, {
    orgId,
    deliveryId,
    dueBy: new Date(claimedAt.getTime() + EARLY_SLACK_MS),
    leaseUntil: new Date(claimedAt.getTime() + settings.timeoutMs + CLAIM_MARGIN_MS),
  });
  if (!delivery) return { outcome: 'skipped', reason: 'delivery is not pending and due (settled, scheduled later, in flight or deleted)' };

  const fail = (error: string, cause?: string) => settleWithoutSending(deps.db, orgId, deliveryId, delivery.attemptCount, error, delivery.eventCreatedAt, cause);
  if (!delivery.enabled) return fail(`endpoint_disabled: ${delivery.disabledReason ?? 'the endpoint is disabled'}`);
  let body: string;
  try {
    body = webhookEventBody({ id: delivery.eventId, type: delivery.type, payload: delivery.payload });
  } catch (err) {
    if (err instanceof WebhookPayloadTooLargeError) return fail(`payload_too_large: ${err.message}`);
    // The tenant sees a code and the event id; the cause goes only to the worker's log.
    return fail(`invalid_event_payload: event ${delivery.eventId} could not be serialised; quote it to support`, (err as Error).message);
  }

  const sentAt = clock();
  const headers = signPayload({ id: delivery.eventId, timestamp: sentAt, body, secrets: activeSigningSecrets({ id: delivery.endpointId, ...delivery }, settings.secretKeyring, sentAt) });
  const result = await deliver({
    url: delivery.url,
    headers: { ...headers },
    body,
    timeoutMs: settings.timeoutMs,
    allowHttp: settings.urlPolicy.allowHttp,
    allowedHosts: settings.urlPolicy.allowedHosts,
    uniformConnectionFailures: true,
  });
  const finishedAt = clock();
  const attempt = delivery.attemptCount + 1;
  const firstAttemptAt =
    attempt === 1
      ? sentAt
      : ((await deps.db.webhookAttempt.findFirst({ where: { deliveryId }, orderBy: { createdAt: 'asc' }, select: { createdAt: true } }))?.createdAt ?? sentAt);
  const next = nextState(result, attempt, firstAttemptAt, finishedAt, settings.retryPolicy);
  const error = describeError(result, next.giveUpReason);

  await recordDeliveryAttempt(deps.db, {
    orgId,
    deliveryId,
    attemptId: newId('webhookAttempt'),
    number: attempt,
    statusCode: result.statusCode ?? null,
    error,
    latencyMs: result.latencyMs,
    sentAt,
    status: next.status,
    nextAttemptAt: next.runAt,
  });

  const endpointDisabled = result.ok ? null : await disableEndpointIfFailing(deps.db, orgId, delivery.endpointId, finishedAt, settings.disablePolicy);
  if (next.runAt) {
    await dispatchDelivery(deps.producers, { id: deliveryId, organizationId: orgId, attemptCount: attempt }, next.runAt.getTime() - clock().getTime());
  }
  return {
    outcome: next.status === 'pending' ? 'retrying' : next.status,
    attempt,
    statusCode: result.statusCode ?? null,
    latencyMs: result.latencyMs,
    error,
    ...(result.error?.cause ? { errorCause: result.error.cause } : {}),
    nextAttemptAt: next.runAt,
    endpointDisabled,
    eventCreatedAt: delivery.eventCreatedAt,
  };
}

function nextState(
  result: DeliveryResult,
  attempt: number,
  firstAttemptAt: Date,
  now: Date,
  policy: RetryPolicy,
): { status: 'succeeded' | 'pending' | 'failed'; runAt: Date | null; giveUpReason?: string } {
  if (result.ok) return { status: 'succeeded', runAt: null };
  if (result.disableEndpoint) return { status: 'failed', runAt: null, giveUpReason: 'endpoint answered 410 Gone' };
  const plan = planNextAttempt({ attempt, firstAttemptAt, now, retryAfterSeconds: result.retryAfterSeconds, policy });
  return plan.giveUp ? { status: 'failed', runAt: null, giveUpReason: plan.reason } : { status: 'pending', runAt: plan.runAt };
}

function describeError(result: DeliveryResult, giveUpReason: string | undefined): string | null {
  if (!result.error) return null;
  const text = `${result.error.code}: ${result.error.message}${giveUpReason ? ` (${giveUpReason})` : ''}`;
  return text.slice(0, MAX_ERROR_LENGTH);
}

/** Fails a claimed delivery that cannot be sent at all (disabled endpoint, unusable payload). */
async function settleWithoutSending(
  db: Db,
  orgId: string,
  deliveryId: string,
  attemptCount: number,
  error: string,
  eventCreatedAt: Date,
  cause?: string,
): Promise<AttemptDeliveryResult> {
  await db.webhookDelivery.updateMany({
    where: { id: deliveryId, organizationId: orgId },
    data: { status: 'failed', lastError: error, nextAttemptAt: null },
  });
  return { outcome: 'failed', attempt: attemptCount, statusCode: null, latencyMs: null, error, ...(cause ? { errorCause: cause } : {}), nextAttemptAt: null, endpointDisabled: null, eventCreatedAt };
}
