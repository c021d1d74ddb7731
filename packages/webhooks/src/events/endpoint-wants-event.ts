import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './event-types';

/**
 * An endpoint subscribes with a list of filters. Each filter is an exact event type, a prefix
 * wildcard such as `fine_tuning.job.*` (matches every type under that prefix, at any depth, so it
 * includes `fine_tuning.job.checkpoint.created`), or `*`. An empty list means every event.
 */
export function endpointWantsEvent(eventTypes: readonly string[], type: string): boolean {
  if (eventTypes.length === 0) return true;
  return eventTypes.some((filter) => filterMatches(filter, type));
}

function filterMatches(filter: string, type: string): boolean {
  if (filter === '*') return true;
  if (filter.endsWith('.*')) return type.startsWith(filter.slice(0, -1));
  return filter === type;
}

/**
 * Validates one filter an API client submits: it must be `*`, a known type, or a wildcard that
 * matches at least one known type, so that a typo is refused instead of silently matching nothing.
 */
export const eventTypeFilterSchema = z
  .string()
  .refine((filter) => WEBHOOK_EVENT_TYPES.some((type) => filterMatches(filter, type)), {
    message: 'must be a known event type, a wildcard such as fine_tuning.job.*, or *',
  });
