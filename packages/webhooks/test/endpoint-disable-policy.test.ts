import { decideEndpointDisable, type AttemptOutcome } from '../src';

const NOW = new Date('2025-03-20T00:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

function failures(count: number, spanMs: number, prefix = 'evt'): AttemptOutcome[] {
  return Array.from({ length: count }, (_, i) => ({
    eventId: `${prefix}_${i}`,
    at: ago(count === 1 ? spanMs : (spanMs * (count - 1 - i)) / (count - 1)),
    ok: false,
    statusCode: 500,
  }));
}

describe('decideEndpointDisable', () => {
  test('no history, or a recent success, keeps the endpoint', () => {
    expect(decideEndpointDisable([], NOW)).toEqual({ disable: false });
    const history = [...failures(3, 10 * DAY), { eventId: 'evt_ok', at: ago(HOUR), ok: true, statusCode: 200 }];
    expect(decideEndpointDisable(history, NOW)).toEqual({ disable: false });
  });

  test('a 410 on the newest attempt disables at once, with the reason', () => {
    const decision = decideEndpointDisable([{ eventId: 'evt_1', at: ago(1000), ok: false, statusCode: 410 }], NOW);
    expect(decision).toMatchObject({ disable: true, code: 'endpoint_gone' });
    expect(decision.disable && decision.reason).toMatch(/410 Gone/);
  });

  test('a 410 followed by a success does not disable', () => {
    const history = [
      { eventId: 'evt_1', at: ago(2 * HOUR), ok: false, statusCode: 410 },
      { eventId: 'evt_2', at: ago(HOUR), ok: true, statusCode: 200 },
    ];
    expect(decideEndpointDisable(history, NOW)).toEqual({ disable: false });
  });

  test('every attempt failing for 5 days disables; 4 days does not', () => {
    const fiveDays = decideEndpointDisable(failures(40, 5 * DAY), NOW);
    expect(fiveDays).toMatchObject({ disable: true, code: 'failing_too_long' });
    expect(fiveDays.disable && fiveDays.reason).toMatch(/since 2025-03-15T00:00:00\.000Z \(5\.0 days, 40 events\)/);
    expect(decideEndpointDisable(failures(40, 4 * DAY), NOW)).toEqual({ disable: false });
  });

  test('only failures after the last success count toward the streak', () => {
    const history = [...failures(10, 9 * DAY, 'old'), { eventId: 'ok', at: ago(3 * DAY), ok: true }, ...failures(10, 2 * DAY, 'new')];
    expect(decideEndpointDisable(history, NOW)).toEqual({ disable: false });
  });

  test('100 consecutive failed events over more than a day disable; the same burst within an hour does not', () => {
    expect(decideEndpointDisable(failures(100, 2 * DAY), NOW)).toMatchObject({ disable: true, code: 'too_many_failed_events' });
    expect(decideEndpointDisable(failures(500, HOUR), NOW)).toEqual({ disable: false });
    expect(decideEndpointDisable(failures(99, 2 * DAY), NOW)).toEqual({ disable: false });
  });

  test('retries of the same event count as one event', () => {
    const retriesOfOne = failures(150, 2 * DAY).map((a) => ({ ...a, eventId: 'evt_same' }));
    expect(decideEndpointDisable(retriesOfOne, NOW)).toEqual({ disable: false });
  });

  test('the order of the input does not matter', () => {
    const history = failures(40, 6 * DAY).reverse();
    expect(decideEndpointDisable(history, NOW)).toMatchObject({ disable: true, code: 'failing_too_long' });
  });
});
