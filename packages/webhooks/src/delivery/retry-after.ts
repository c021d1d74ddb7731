/**
 * Seconds to wait according to a Retry-After header: either delay-seconds or an HTTP-date
 * (RFC 9110 §10.2.3). A date in the past means "now" (0). Unparseable values are ignored.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  // All three HTTP-date formats carry a day or month name and an hh:mm:ss time; requiring both
  // keeps Date.parse's leniency from reading "-5" or "1.5" as dates.
  if (!/[A-Za-z]{3}/.test(trimmed) || !/\d{2}:\d{2}:\d{2}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}
