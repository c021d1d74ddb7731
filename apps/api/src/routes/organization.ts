import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { getUsage, toOrganizationObject } from '@whetstone/services';
import { authErrors } from '../schemas/common';
import { organizationObject, usageObject } from '../schemas/tenants';
import type { AppDeps } from '../deps';

const tags = ['organization'];

/** The caller's own organization, its quotas and its usage this month. */
export const organizationRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  app.get(
    '/organization',
    {
      schema: {
        tags,
        summary: "The caller's organization with quotas and current usage",
        response: { 200: organizationObject.extend({ usage: usageObject }), ...authErrors },
      },
    },
    async (request) => ({
      ...toOrganizationObject(request.organization),
      usage: await getUsage(deps.db, request.organization.id),
    }),
  );

  app.get(
    '/organization/usage',
    { schema: { tags, summary: 'Usage this month and live counts', response: { 200: usageObject, ...authErrors } } },
    async (request) => getUsage(deps.db, request.organization.id),
  );
};
