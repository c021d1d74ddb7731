import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  findWebhookDelivery,
  findWebhookEndpoint,
  getWebhookDeliveryDetail,
  listWebhookDeliveries,
  listWebhookEndpoints,
  pageQuerySchema,
  replayFailedDeliveries,
  replayWebhookDelivery,
  rotateWebhookSecret,
  sendTestWebhook,
  toCreatedWebhookEndpointObject,
  toList,
  toWebhookDeliveryObject,
  toWebhookEndpointObject,
  updateWebhookEndpoint,
  type WebhookUrlPolicy,
} from '@whetstone/services';
import { authErrors, errorBodySchema, listOf } from '../schemas/common';
import {
  createEndpointBody,
  deletedEndpointObject,
  deliveryDetailObject,
  deliveryListQuery,
  deliveryObject,
  deliveryParams,
  endpointIdParams,
  endpointObject,
  endpointWithSecretObject,
  replayBody,
  replayResultObject,
  rotateSecretBody,
  updateEndpointBody,
} from '../schemas/webhooks';
import type { AppDeps } from '../deps';

const tags = ['webhooks'];
const errors = { ...authErrors, 400: errorBodySchema, 404: errorBodySchema };

/**
 * Webhook endpoints: registration (SSRF-checked URL, secret shown once), secret rotation with a
 * grace period, delivery history with attempts, replays and test events. Delivery itself runs in
 * the worker (outbox relay + webhooks queue).
 */
export const webhookEndpointRoutes: FastifyPluginAsyncZod<{ deps: AppDeps }> = async (app, { deps }) => {
  const urlPolicy: WebhookUrlPolicy = { allowHttp: deps.config.WEBHOOK_ALLOW_HTTP, allowedHosts: deps.config.WEBHOOK_ALLOWED_HOSTS };
  const services = { db: deps.db, producers: deps.producers, urlPolicy, secretKeyring: deps.config.WEBHOOK_SECRET_KEYS };

  app.post(
    '/webhook_endpoints',
    {
      schema: {
        tags,
        summary: 'Register an endpoint; the response carries its signing secret, shown only this once',
        body: createEndpointBody,
        response: { 200: endpointWithSecretObject, ...errors },
      },
    },
    async (request) => {
      const { url, description, event_types, enabled } = request.body;
      const endpoint = await createWebhookEndpoint(services, request.organization.id, { url, description, eventTypes: event_types, enabled });
      return toCreatedWebhookEndpointObject(endpoint);
    },
  );

  app.get(
    '/webhook_endpoints',
    { schema: { tags, summary: 'List endpoints (newest first)', querystring: pageQuerySchema, response: { 200: listOf(endpointObject), ...errors } } },
    async (request) => {
      const page = await listWebhookEndpoints(deps.db, request.organization.id, request.query);
      return toList(page.rows.map((e) => toWebhookEndpointObject(e)), page.hasMore);
    },
  );

  app.get(
    '/webhook_endpoints/:endpoint_id',
    { schema: { tags, summary: 'Retrieve an endpoint', params: endpointIdParams, response: { 200: endpointObject, ...errors } } },
    async (request) => toWebhookEndpointObject(await findWebhookEndpoint(deps.db, request.organization.id, request.params.endpoint_id)),
  );

  app.patch(
    '/webhook_endpoints/:endpoint_id',
    {
      schema: {
        tags,
        summary: 'Change url, description, event types or enabled',
        params: endpointIdParams,
        body: updateEndpointBody,
        response: { 200: endpointObject, ...errors },
      },
    },
    async (request) => {
      const { url, description, event_types, enabled } = request.body;
      const endpoint = await updateWebhookEndpoint(services, request.organization.id, request.params.endpoint_id, { url, description, eventTypes: event_types, enabled });
      return toWebhookEndpointObject(endpoint);
    },
  );

  app.delete(
    '/webhook_endpoints/:endpoint_id',
    { schema: { tags, summary: 'Delete an endpoint and its delivery history', params: endpointIdParams, response: { 200: deletedEndpointObject, ...errors } } },
    async (request) => ({ ...(await deleteWebhookEndpoint(deps.db, request.organization.id, request.params.endpoint_id)), object: 'webhook_endpoint' as const }),
  );

  app.post(
    '/webhook_endpoints/:endpoint_id/rotate_secret',
    {
      schema: {
        tags,
        summary: 'Issue a new signing secret (shown once); the old one also signs during the grace period',
        params: endpointIdParams,
        body: rotateSecretBody,
        response: { 200: endpointWithSecretObject, ...errors, 409: errorBodySchema },
      },
    },
    async (request) => {
      const endpoint = await rotateWebhookSecret(deps.db, deps.config.WEBHOOK_SECRET_KEYS, request.organization.id, request.params.endpoint_id, {
        gracePeriodSeconds: request.body?.grace_period_seconds,
      });
      return toCreatedWebhookEndpointObject(endpoint);
    },
  );

  app.post(
    '/webhook_endpoints/:endpoint_id/test',
    {
      schema: {
        tags,
        summary: 'Send a webhook.test event to this endpoint; returns the delivery to watch',
        params: endpointIdParams,
        response: { 200: deliveryObject, ...errors, 409: errorBodySchema },
      },
    },
    async (request) => {
      const orgId = request.organization.id;
      const { deliveryId } = await sendTestWebhook(deps, orgId, request.params.endpoint_id);
      return toWebhookDeliveryObject(await findWebhookDelivery(deps.db, orgId, request.params.endpoint_id, deliveryId));
    },
  );

  app.post(
    '/webhook_endpoints/:endpoint_id/replay',
    {
      schema: {
        tags,
        summary: 'Re-send every failed delivery created since a time (in batches; repeat while has_more)',
        params: endpointIdParams,
        body: replayBody,
        response: { 200: replayResultObject, ...errors, 409: errorBodySchema },
      },
    },
    async (request) => {
      const { endpoint_id } = request.params;
      const result = await replayFailedDeliveries(deps, request.organization.id, endpoint_id, new Date(request.body.since * 1000));
      return { object: 'webhook_endpoint.replay' as const, endpoint_id, since: request.body.since, replayed: result.replayed, has_more: result.hasMore };
    },
  );

  app.get(
    '/webhook_endpoints/:endpoint_id/deliveries',
    {
      schema: {
        tags,
        summary: "The endpoint's deliveries (newest first): status, attempts, last status code and latency, next retry",
        params: endpointIdParams,
        querystring: deliveryListQuery,
        response: { 200: listOf(deliveryObject), ...errors },
      },
    },
    async (request) => {
      const page = await listWebhookDeliveries(deps.db, request.organization.id, request.params.endpoint_id, request.query);
      return toList(page.rows.map(toWebhookDeliveryObject), page.hasMore);
    },
  );

  app.get(
    '/webhook_endpoints/:endpoint_id/deliveries/:delivery_id',
    {
      schema: { tags, summary: 'A delivery with its event and every attempt', params: deliveryParams, response: { 200: deliveryDetailObject, ...errors } },
    },
    async (request) => getWebhookDeliveryDetail(deps.db, request.organization.id, request.params.endpoint_id, request.params.delivery_id),
  );

  app.post(
    '/webhook_endpoints/:endpoint_id/deliveries/:delivery_id/replay',
    {
      schema: {
        tags,
        summary: 'Re-send one delivery now (same event id, so receivers can deduplicate)',
        params: deliveryParams,
        response: { 200: deliveryObject, ...errors, 409: errorBodySchema },
      },
    },
    async (request) => {
      const { endpoint_id, delivery_id } = request.params;
      await replayWebhookDelivery(deps, request.organization.id, endpoint_id, delivery_id);
      return toWebhookDeliveryObject(await findWebhookDelivery(deps.db, request.organization.id, endpoint_id, delivery_id));
    },
  );
};
