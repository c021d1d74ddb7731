import { parseRetryAfter } from '../src';

const NOW = new Date('2025-03-01T12:00:00Z');

describe('parseRetryAfter', () => {
  test('reads delay-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  test('reads an HTTP-date as seconds from now, rounding up', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 12:01:30 GMT', NOW)).toBe(90);
  });

  test('a date in the past means now', () => {
    expect(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', NOW)).toBe(0);
  });

  test('ignores absent, negative, fractional and unparseable values', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('-5', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.5', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  });
});
