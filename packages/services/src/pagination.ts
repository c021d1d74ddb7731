import { z } from 'zod';

/** OpenAI-style cursor pagination: newest first, `after` is the last id of the previous page. */
export const pageQuerySchema = z.object({
  after: z.string().min(1).max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

export function toList<T extends { id: string }>(data: T[], hasMore: boolean): ListObject<T> {
  return {
    object: 'list',
    data,
    has_more: hasMore,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
  };
}
