import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteModel, listModels, retrieveModel, toList } from '@whetstone/services';
import { authErrors, errorBodySchema, listOf } from '../schemas/common';
import { deletedModelObject, modelObject } from '../schemas/models';

const tags = ['models'];
// Model ids contain slashes ("whetstone/tiny-llama") and colons ("ft:..."), hence the wildcard.
const params = z.object({ '*': z.string().min(1).max(300) });

/**
 * OpenAI's Models API: the base models the caller can fine-tune (public ones and its own private
 * ones) and its fine-tuned models. Another tenant's model answers 404 model_not_found.
 */
export const modelRoutes: FastifyPluginAsyncZod<{ deps: import('../deps').AppDeps }> = async (app, { deps }) => {
  const prices = deps.config.PRICE_TABLE;

  app.get(
    '/models',
    { schema: { tags, summary: 'List base models you can fine-tune and your fine-tuned models', response: { 200: listOf(modelObject), ...authErrors } } },
    async (request) => toList(await listModels(deps.db, request.organization.id, prices), false),
  );

  app.get(
    '/models/*',
    { schema: { tags, summary: 'Retrieve a base or fine-tuned model', params, response: { 200: modelObject, ...authErrors, 404: errorBodySchema } } },
    async (request) => retrieveModel(deps.db, request.organization.id, request.params['*'], prices),
  );

  app.delete(
    '/models/*',
    {
      schema: {
        tags,
        summary: 'Delete a fine-tuned model (its files are removed; the job keeps its record)',
        params,
        response: { 200: deletedModelObject, ...authErrors, 403: errorBodySchema, 404: errorBodySchema },
      },
    },
    async (request) => deleteModel(deps, request.organization.id, request.params['*']),
  );
};
