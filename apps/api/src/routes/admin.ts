import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  createApiKey,
  createOrganization,
  getOrganization,
  listApiKeys,
  listOrganizations,
  pageQuerySchema,
  quotasSchema,
  revokeApiKey,
  setQuotas,
  toApiKeyObject,
  toList,
  toOrganizationObject,
} from '@whetstone/services';
import { requireAdminToken } from '../plugins/auth';
import { errorBodySchema, listOf } from '../schemas/common';
import { apiKeyObject, createdApiKeyObject, name, organizationObject } from '../schemas/tenants';
import type { AppDeps } from '../deps';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };
const orgParams = z.object({ org_id: z.string() });
const tags = ['admin'];
const security = [{ adminToken: [] }];

/** The operator's API: tenants, their keys and quotas. Authenticated by ADMIN_TOKEN, not tenant keys. */
export const adminRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const { db } = deps;
  requireAdminToken(app, deps.config.ADMIN_TOKEN);
  // After a change to a tenant's keys or settings, every replica's auth cache forgets the tenant.
  const changed = async <T>(orgId: string, result: T): Promise<T> => {
    await deps.auth.tenantChanged(orgId);
    return result;
  };

  app.post(
    '/organizations',
    {
      schema: {
        tags,
        security,
        summary: 'Create an organization (tenant)',
        body: z.object({ name, quotas: quotasSchema.partial().optional() }),
        response: { 200: organizationObject, ...errors },
      },
    },
    async (request) => toOrganizationObject(await createOrganization(db, request.body)),
  );

  app.get(
    '/organizations',
    { schema: { tags, security, summary: 'List organizations', querystring: pageQuerySchema, response: { 200: listOf(organizationObject), ...errors } } },
    async (request) => {
      const page = await listOrganizations(db, request.query);
      return toList(page.rows.map(toOrganizationObject), page.hasMore);
    },
  );

  app.get(
    '/organizations/:org_id',
    { schema: { tags, security, summary: 'Retrieve an organization', params: orgParams, response: { 200: organizationObject, ...errors } } },
    async (request) => toOrganizationObject(await getOrganization(db, request.params.org_id)),
  );

  app.post(
    '/organizations/:org_id/quotas',
    {
      schema: {
        tags,
        security,
        summary: "Set an organization's quotas (null = unlimited; omitted = unchanged)",
        params: orgParams,
        body: quotasSchema.partial(),
        response: { 200: organizationObject, ...errors },
      },
    },
    async (request) => toOrganizationObject(await changed(request.params.org_id, await setQuotas(db, request.params.org_id, request.body))),
  );

  app.post(
    '/organizations/:org_id/api_keys',
    {
      schema: {
        tags,
        security,
        summary: 'Issue an API key (the key is shown only in this response)',
        params: orgParams,
        body: z.object({ name: name.default('default') }),
        response: { 200: createdApiKeyObject, ...errors },
      },
    },
    async (request) => {
      await getOrganization(db, request.params.org_id);
      const { record, key } = await createApiKey(db, request.params.org_id, request.body.name);
      return { ...toApiKeyObject(record), key };
    },
  );

  app.get(
    '/organizations/:org_id/api_keys',
    { schema: { tags, security, summary: "List an organization's API keys", params: orgParams, response: { 200: listOf(apiKeyObject), ...errors } } },
    async (request) => {
      await getOrganization(db, request.params.org_id);
      return toList((await listApiKeys(db, request.params.org_id)).map(toApiKeyObject), false);
    },
  );

  app.delete(
    '/organizations/:org_id/api_keys/:key_id',
    {
      schema: {
        tags,
        security,
        summary: 'Revoke an API key (takes effect on the next request, on every API replica)',
        params: orgParams.extend({ key_id: z.string() }),
        response: { 200: apiKeyObject, ...errors },
      },
    },
    async (request) => toApiKeyObject(await changed(request.params.org_id, await revokeApiKey(db, request.params.org_id, request.params.key_id))),
  );
};
