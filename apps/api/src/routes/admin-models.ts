import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PayloadTooLargeError, ValidationError } from '@whetstone/common';
import {
  deleteBaseModel,
  deprecateBaseModel,
  getBaseModel,
  importModelFolder,
  listBaseModels,
  toAdminModelObject,
  toList,
  undeprecateBaseModel,
} from '@whetstone/services';
import { requireAdminToken } from '../plugins/auth';
import { errorBodySchema, listOf } from '../schemas/common';
import { catalogueModelObject, importRefusalBody } from '../schemas/models';
import type { AppDeps } from '../deps';

const tags = ['admin'];
const security = [{ adminToken: [] }];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };
const modelParams = z.object({ model_id: z.string().max(100) });
const MAX_FILES = 256;
const FIELDS = ['name', 'organization', 'display_name', 'license', 'worker_class'] as const;
type ImportFields = Partial<Record<(typeof FIELDS)[number], string>>;

/**
 * The operator's model catalogue, served at /v1/admin (the path the catalogue's issue names;
 * the older tenant/key routes stay at /admin/v1, both behind ADMIN_TOKEN). Import takes the
 * folder's files in one streamed multipart request (one part per file, named by its file name),
 * spools them to a temporary folder on the API host, and runs the same import as the CLI.
 */
export const adminModelRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  requireAdminToken(app, deps.config.ADMIN_TOKEN);
  const maxBytes = deps.config.MODEL_IMPORT_MAX_BYTES;
  await app.register(multipart, { limits: { fileSize: maxBytes, files: MAX_FILES, fields: FIELDS.length, fieldSize: 1024 } });

  app.post(
    '/models',
    {
      schema: {
        tags,
        security,
        summary: 'Import a base model from a Hugging Face folder (multipart: one part per file, plus name, organization?, display_name?, license?, worker_class?)',
        description:
          'Each file part carries the file name (config.json, model.safetensors or the shards and model.safetensors.index.json, tokenizer.json, ' +
          'tokenizer_config.json, ...). Everything is checked before anything is stored: a bad folder answers 400 invalid_model_folder with every ' +
          'problem in error.problems ({file, field, reason}) and leaves nothing behind. Files are stored under a content-addressed prefix and ' +
          'verified; the catalogue entry is written last. Without organization the model is public. Importing the same content under the same ' +
          'name again returns the existing entry (created: false); other content under a taken name is 409 model_exists.',
        consumes: ['multipart/form-data'],
        response: { 200: catalogueModelObject.extend({ created: z.boolean(), skipped_files: z.array(z.string()) }), ...errors, 400: importRefusalBody, 409: errorBodySchema, 413: errorBodySchema },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new ValidationError('Send the model folder as multipart/form-data: one part per file, plus the name field.', 'name');
      const dir = await mkdtemp(path.join(tmpdir(), 'whetstone-model-import-'));
      try {
        const fields = await spoolParts(request, dir, maxBytes);
        if (!fields.name) throw new ValidationError("Missing the 'name' field.", 'name');
        const imported = await importModelFolder(deps, {
          dir,
          name: fields.name,
          organizationId: fields.organization || null,
          displayName: fields.display_name,
          license: fields.license,
          workerClass: fields.worker_class,
        });
        return { ...toAdminModelObject(imported.model), created: imported.created, skipped_files: imported.facts.skippedFiles };
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  app.get(
    '/models',
    {
      schema: {
        tags,
        security,
        summary: 'List catalogued base models (every organization; organization=public or an org id to filter)',
        querystring: z.object({ organization: z.string().max(100).optional() }),
        response: { 200: listOf(catalogueModelObject), ...errors },
      },
    },
    async (request) => {
      const { organization } = request.query;
      const models = await listBaseModels(deps.db, { organizationId: organization === undefined ? undefined : organization === 'public' ? null : organization });
      return toList(models.map(toAdminModelObject), false);
    },
  );

  app.get(
    '/models/:model_id',
    { schema: { tags, security, summary: 'Retrieve a catalogued base model', params: modelParams, response: { 200: catalogueModelObject, ...errors } } },
    async (request) => toAdminModelObject(await getBaseModel(deps.db, request.params.model_id)),
  );

  app.post(
    '/models/:model_id/deprecate',
    {
      schema: {
        tags,
        security,
        summary: 'Deprecate a base model: new jobs are refused (400 model_deprecated, naming replaced_by); queued and running jobs finish',
        params: modelParams,
        body: z.object({ replaced_by: z.string().max(128).nullable().default(null) }).default({ replaced_by: null }),
        response: { 200: catalogueModelObject, ...errors },
      },
    },
    async (request) => toAdminModelObject(await deprecateBaseModel(deps.db, request.params.model_id, request.body.replaced_by)),
  );

  app.post(
    '/models/:model_id/undeprecate',
    { schema: { tags, security, summary: 'Accept new jobs for a deprecated model again', params: modelParams, response: { 200: catalogueModelObject, ...errors } } },
    async (request) => toAdminModelObject(await undeprecateBaseModel(deps.db, request.params.model_id)),
  );

  app.delete(
    '/models/:model_id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a base model no job references (409 model_in_use otherwise: deprecate it instead), with its stored files',
        params: modelParams,
        response: { 200: catalogueModelObject.extend({ deleted: z.literal(true) }), ...errors, 409: errorBodySchema },
      },
    },
    async (request) => ({ ...toAdminModelObject(await deleteBaseModel(deps, request.params.model_id)), deleted: true as const }),
  );
};

/** Writes every file part into `dir` under its own (plain) file name and returns the fields. */
async function spoolParts(request: FastifyRequest, dir: string, maxBytes: number): Promise<ImportFields> {
  const fields: ImportFields = {};
  const seen = new Set<string>();
  let total = 0;
  for await (const part of request.parts()) {
    if (part.type === 'field') {
      if ((FIELDS as readonly string[]).includes(part.fieldname)) fields[part.fieldname as keyof ImportFields] = String(part.value);
      continue;
    }
    const name = part.filename;
    if (!name || path.basename(name) !== name || name.startsWith('.') || seen.has(name)) {
      part.file.resume();
      throw new ValidationError(`File part '${name}' must have a plain, unique file name (no folders; one part per file).`, 'file');
    }
    seen.add(name);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        total += chunk.length;
        callback(total > maxBytes ? new PayloadTooLargeError(`The model folder exceeds MODEL_IMPORT_MAX_BYTES (${maxBytes} bytes).`) : null, chunk);
      },
    });
    await pipeline(part.file, counter, createWriteStream(path.join(dir, name)));
  }
  return fields;
}
