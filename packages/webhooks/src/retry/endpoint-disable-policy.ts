/** One recorded delivery attempt, as read back from the deliveries table. */
export interface AttemptOutcome {
  eventId: string;
  at: Date;
  ok: boolean;
  statusCode?: number;
}

export interface EndpointDisablePolicy {
  /** Disable when nothing has succeeded for this long... */
  failingForSeconds: number;
  /** ...or when this many different events in a row have failed... */
  consecutiveFailedEvents: number;
  /** ...but only once the failures span this long, so a short outage under load never disables. */
  minFailingSecondsForEventCount: number;
}

const DAY = 86_400;

export const DEFAULT_ENDPOINT_DISABLE_POLICY: EndpointDisablePolicy = {
  failingForSeconds: 5 * DAY,
  consecutiveFailedEvents: 100,
  minFailingSecondsForEventCount: 1 * DAY,
};

export type EndpointDisableDecision =
  | { disable: false }
  | { disable: true; code: 'endpoint_gone' | 'failing_too_long' | 'too_many_failed_events'; reason: string };

/**
 * Whether to disable an endpoint, from its recent attempts (any order; the newest few hundred
 * are enough). When the window does not reach back to the start of a failure streak, the streak
 * only looks shorter than it is, so a truncated window can delay a disable but never cause one.
 */
export function decideEndpointDisable(
  recentAttempts: readonly AttemptOutcome[],
  now: Date,
  policy: EndpointDisablePolicy = DEFAULT_ENDPOINT_DISABLE_POLICY,
): EndpointDisableDecision {
  const newestFirst = [...recentAttempts].sort((a, b) => b.at.getTime() - a.at.getTime());
  const newest = newestFirst[0];
  if (!newest) return { disable: false };
  if (newest.statusCode === 410) {
    return { disable: true, code: 'endpoint_gone', reason: `Endpoint answered 410 Gone at ${newest.at.toISOString()}` };
  }

  const lastSuccess = newestFirst.findIndex((attempt) => attempt.ok);
  const streak = lastSuccess === -1 ? newestFirst : newestFirst.slice(0, lastSuccess);
  const oldestFailure = streak[streak.length - 1];
  if (!oldestFailure) return { disable: false };

  const failingSeconds = (now.getTime() - oldestFailure.at.getTime()) / 1000;
  const failedEvents = new Set(streak.map((attempt) => attempt.eventId)).size;
  const since = oldestFailure.at.toISOString();
  if (failingSeconds >= policy.failingForSeconds) {
    return {
      disable: true,
      code: 'failing_too_long',
      reason: `Every delivery has failed since ${since} (${formatDays(failingSeconds)}, ${failedEvents} events)`,
    };
  }
  if (failedEvents >= policy.consecutiveFailedEvents && failingSeconds >= policy.minFailingSecondsForEventCount) {
    return {
      disable: true,
      code: 'too_many_failed_events',
      reason: `${failedEvents} consecutive events failed to deliver since ${since}`,
    };
  }
  return { disable: false };
}

function formatDays(seconds: number): string {
  return `${(seconds / DAY).toFixed(1)} days`;
}
