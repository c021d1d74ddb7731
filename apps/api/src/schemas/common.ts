import { z } from 'zod';

export const errorBodySchema = z
  .object({
    error: z.object({
      message: z.string(),
      type: z.string(),
      param: z.string().nullable(),
      code: z.string().nullable(),
      // The request's id (also in the x-request-id header), for support and log searches.
      request_id: z.string().optional(),
    }),
  })
  .meta({ id: 'Error' });

export const listOf = <T extends z.ZodType>(item: T) =>
  z.object({
    object: z.literal('list'),
    data: z.array(item),
    has_more: z.boolean(),
    first_id: z.string().nullable(),
    last_id: z.string().nullable(),
  });

/** Error responses every authenticated route can give. */
export const authErrors = {
  401: errorBodySchema,
  429: errorBodySchema,
} as const;
