import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkpointFiles } from '@whetstone/services';
import { authErrors, errorBodySchema } from '../schemas/common';
import { jobIdParams } from '../schemas/jobs';
import type { AppDeps } from '../deps';

const checkpointFilesObject = z
  .object({
    object: z.literal('fine_tuning.job.checkpoint.files'),
    checkpoint_id: z.string(),
    fine_tuning_job_id: z.string(),
    step_number: z.number().int(),
    expires_at: z.number().int(),
    files: z.array(z.object({ name: z.string(), bytes: z.number().int(), url: z.string() })),
  })
  .meta({ id: 'FineTuningJobCheckpointFiles' });

/** Downloads of one checkpoint's stored files (an extension: OpenAI has no checkpoint download). */
export const jobCheckpointFileRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/fine_tuning/jobs/:fine_tuning_job_id/checkpoints/:checkpoint_id/files',
    {
      schema: {
        tags: ['fine-tuning'],
        summary: "Presigned download links (1 hour) for one checkpoint's files: trainable tensors, optimizer state, manifest",
        params: jobIdParams.extend({ checkpoint_id: z.string().min(1).max(100) }),
        response: { 200: checkpointFilesObject, ...authErrors, 404: errorBodySchema, 410: errorBodySchema },
      },
    },
    async (request) => checkpointFiles(deps, request.organization.id, request.params.fine_tuning_job_id, request.params.checkpoint_id),
  );
};
