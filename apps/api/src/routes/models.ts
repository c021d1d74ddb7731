import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUsableBaseModel, listUsableBaseModels, toBaseModelObject, toList } from '@whetstone/services';
import { authErrors, errorBodySchema, listOf } from '../schemas/common';

const modelObject = z
  .object({
    id: z.string(),
    object: z.literal('model'),
    created: z.number().int(),
    owned_by: z.string(),
    architecture: z.string(),
    parameter_count: z.number().int(),
    context_length: z.number().int(),
    resources: z.object({ worker_class: z.string(), min_memory_gb: z.number() }),
    kind: z.enum(['base', 'fine_tuned']),
  })
  .meta({ id: 'Model' });

/** Base models a tenant may fine-tune: public ones and its own registrations. */
export const modelRoutes: FastifyPluginAsyncZod<{ deps: import('../deps').AppDeps }> = async (app, { deps }) => {
  app.get('/models', { schema: { tags: ['models'], summary: 'List models you can fine-tune', response: { 200: listOf(modelObject), ...authErrors } } }, async (request) =>
    toList((await listUsableBaseModels(deps.db, request.organization.id)).map(toBaseModelObject), false),
  );

  // Model ids contain slashes ("whetstone/tiny-llama"), hence the wildcard.
  app.get(
    '/models/*',
    {
      schema: {
        tags: ['models'],
        summary: 'Retrieve a model',
        params: z.object({ '*': z.string().min(1).max(200) }),
        response: { 200: modelObject, ...authErrors, 404: errorBodySchema },
      },
    },
    async (request) => toBaseModelObject(await findUsableBaseModel(deps.db, request.organization.id, request.params['*'])),
  );
};
