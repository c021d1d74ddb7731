import type { FastifyInstance } from 'fastify';
import type { FineTuningJob, Prisma } from '@whetstone/db';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateStoredFile } from '@whetstone/services';
import { ModelCache } from '../../../worker/src/models/model-cache';
import { TokenizerProvider } from '../../../worker/src/models/tokenizer-provider';
import type { AppDeps } from '../../src/deps';
import { multipart } from './multipart';

let tokenizers: TokenizerProvider | undefined;

export function preferenceJsonl(count: number): string {
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({
      input: { messages: [{ role: 'user', content: `Name ${i}?` }] },
      preferred_output: [{ role: 'assistant', content: `[name ${i}]` }],
      non_preferred_output: [{ role: 'assistant', content: `name ${i}` }],
    }),
  ).join('\n');
}

/** Uploads a file and runs the real validation (what the worker does) so it is processed. */
export async function processedFile(app: FastifyInstance, deps: AppDeps, tenant: { orgId: string; headers: Record<string, string> }, content: string) {
  const body = multipart([{ name: 'purpose', value: 'fine-tune' }, { name: 'file', value: content, filename: 'data.jsonl' }]);
  const res = await app.inject({ method: 'POST', url: '/v1/files', headers: { ...tenant.headers, ...body.headers }, payload: body.payload });
  if (res.statusCode !== 200) throw new Error(res.body);
  const id = res.json().id as string;
  // Count tokens with the demo model's tokenizer, as the worker's validation does.
  tokenizers ??= new TokenizerProvider(deps.db, new ModelCache(deps.store, join(tmpdir(), 'whetstone-test-cache'), { maxBytes: 1024 ** 3 }), 'whetstone/tiny-llama');
  const counting = await tokenizers.forModel(tenant.orgId, undefined);
  await validateStoredFile(deps, { orgId: tenant.orgId, fileId: id, tokenCounter: counting?.counter, contextLength: counting?.contextLength });
  return id;
}

/**
 * A queued copy of `job` (same tenant, model, files and method) with id `job.id + suffix`, for tests
 * that need many queued jobs in a given order without creating each through the API.
 */
export function queuedCopyOf(job: FineTuningJob, suffix: string, data: Partial<Prisma.FineTuningJobCreateManyInput>): Prisma.FineTuningJobCreateManyInput {
  return {
    id: `${job.id}${suffix}`,
    organizationId: job.organizationId,
    baseModelId: job.baseModelId,
    model: job.model,
    trainingFileId: job.trainingFileId,
    method: job.method,
    trainingType: job.trainingType,
    requested: job.requested as Prisma.InputJsonValue,
    spec: job.spec as Prisma.InputJsonValue,
    status: 'queued',
    seed: 1,
    workerClass: job.workerClass,
    ...data,
  };
}
