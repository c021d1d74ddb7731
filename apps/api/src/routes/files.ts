import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ValidationError } from '@whetstone/common';
import { deleteFile, FILE_PURPOSES, findFile, listFiles, parseExpiresAfter, toFileObject, toList, uploadFile } from '@whetstone/services';
import { authErrors, errorBodySchema, listOf } from '../schemas/common';
import { deletedFileObject, fileIdParams, fileObject, validationReportObject } from '../schemas/files';
import type { AppDeps } from '../deps';
import { attachmentDisposition } from './content-disposition';

const tags = ['files'];
// The multipart fields an upload takes besides `file` (expires_after as OpenAI's SDKs send it).
const UPLOAD_FIELDS = ['purpose', 'expires_after[anchor]', 'expires_after[seconds]'];
const errors = { ...authErrors, 400: errorBodySchema, 404: errorBodySchema };

/** OpenAI-compatible Files API. Uploads stream to object storage; validation runs in the worker. */
export const fileRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const maxBytes = deps.config.MAX_UPLOAD_BYTES;
  // One byte over the limit reaches uploadFile, whose byte counter refuses it (413) before
  // any row is written; the parser's own cap only bounds what is read.
  await app.register(multipart, { limits: { fileSize: maxBytes + 1, files: 1, fields: 10, fieldSize: 1024 } });

  app.post(
    '/files',
    {
      schema: {
        tags,
        summary: 'Upload a JSONL dataset (multipart: file, purpose=fine-tune, optional expires_after[anchor]=created_at and expires_after[seconds])',
        consumes: ['multipart/form-data'],
        response: { 200: fileObject, ...errors, 409: errorBodySchema, 413: errorBodySchema, 429: errorBodySchema },
      },
    },
    async (request) => {
      if (!request.isMultipart()) throw new ValidationError("Send the file as multipart/form-data with fields 'file' and 'purpose'.", 'file');
      const fields = new Map<string, string>();
      let uploaded: Awaited<ReturnType<typeof uploadFile>> | undefined;
      const refuse = async (error: Error): Promise<never> => {
        if (uploaded) await deleteFile(deps, request.organization.id, uploaded.id);
        throw error;
      };
      // Fields may come before or after the file part; the file is streamed as it arrives.
      for await (const part of request.parts()) {
        if (part.type === 'field') {
          if (!UPLOAD_FIELDS.includes(part.fieldname)) {
            await refuse(new ValidationError(`Unrecognized request argument supplied: ${part.fieldname}`, part.fieldname, 'unknown_parameter'));
          }
          fields.set(part.fieldname, String(part.value));
          continue;
        }
        if (part.fieldname !== 'file' || uploaded) {
          part.file.resume();
          throw new ValidationError(`Unexpected file field '${part.fieldname}'; send exactly one file in 'file'.`, part.fieldname);
        }
        uploaded = await uploadFile(deps, {
          orgId: request.organization.id,
          filename: part.filename || 'upload.jsonl',
          purpose: 'fine-tune',
          content: part.file,
          maxBytes,
        });
      }
      if (!uploaded) throw new ValidationError("Missing the 'file' field.", 'file');
      const purpose = fields.get('purpose');
      let expiry: ReturnType<typeof parseExpiresAfter> = null;
      try {
        expiry = parseExpiresAfter(fields);
      } catch (err) {
        await refuse(err as Error);
      }
      if (purpose !== undefined && !(FILE_PURPOSES as readonly string[]).includes(purpose)) {
        await deleteFile(deps, request.organization.id, uploaded.id);
        throw new ValidationError(`Invalid purpose '${purpose}': uploads accept only 'fine-tune' ('fine-tune-results' files are written by finished jobs).`, 'purpose');
      }
      if (purpose === undefined) {
        await deleteFile(deps, request.organization.id, uploaded.id);
        throw new ValidationError("Missing the 'purpose' field (use 'fine-tune').", 'purpose');
      }
      if (expiry) {
        const expiresAt = new Date(uploaded.createdAt.getTime() + expiry.seconds * 1000);
        uploaded = await deps.db.file.update({ where: { id: uploaded.id }, data: { expiresAt } });
      }
      return toFileObject(uploaded);
    },
  );

  app.get(
    '/files',
    {
      schema: {
        tags,
        summary: 'List files (newest first, cursor pagination)',
        querystring: z.object({
          after: z.string().max(100).optional(),
          // OpenAI's default and maximum.
          limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
          order: z.enum(['asc', 'desc']).default('desc'),
          purpose: z.string().max(50).optional(),
        }),
        response: { 200: listOf(fileObject), ...errors },
      },
    },
    async (request) => {
      const page = await listFiles(deps.db, request.organization.id, request.query);
      return toList(page.rows.map(toFileObject), page.hasMore);
    },
  );

  app.get(
    '/files/:file_id',
    { schema: { tags, summary: 'Retrieve a file', params: fileIdParams, response: { 200: fileObject, ...errors } } },
    async (request) => toFileObject(await findFile(deps.db, request.organization.id, request.params.file_id)),
  );

  app.get(
    '/files/:file_id/content',
    {
      schema: {
        tags,
        summary: "Download a file's content (streamed)",
        params: fileIdParams,
        // Streams are sent as they are (Fastify does not serialize them).
        response: { 200: z.any().describe('The file bytes'), ...errors },
      },
    },
    async (request, reply) => {
      const file = await findFile(deps.db, request.organization.id, request.params.file_id);
      const body = await deps.store.getStream(file.storageKey);
      if (!body) throw new ValidationError('The stored content of this file is missing.', 'file_id', 'content_missing');
      return reply
        .header('content-type', 'application/octet-stream')
        .header('content-length', String(file.bytes))
        .header('content-disposition', attachmentDisposition(file.filename))
        .send(body);
    },
  );

  app.get(
    '/files/:file_id/validation',
    {
      schema: {
        tags,
        summary: 'The full validation report: errors (line, field, code), warnings, statistics, cost estimate',
        params: fileIdParams,
        response: { 200: validationReportObject, ...errors },
      },
    },
    async (request) => {
      const file = await findFile(deps.db, request.organization.id, request.params.file_id);
      return {
        object: 'file.validation' as const,
        file_id: file.id,
        status: file.status,
        report: (file.validationReport as z.infer<typeof validationReportObject>['report']) ?? null,
      };
    },
  );

  app.delete(
    '/files/:file_id',
    {
      schema: {
        tags,
        summary: 'Delete a file (409 while an active job uses it)',
        params: fileIdParams,
        response: { 200: deletedFileObject, ...errors, 409: errorBodySchema },
      },
    },
    async (request) => ({ ...(await deleteFile(deps, request.organization.id, request.params.file_id)), object: 'file' as const }),
  );
};
