import type { FastifyInstance } from 'fastify';

/** The OpenAPI document as served at /docs/json (after `app.ready()`). */
export function openApiDocument(app: FastifyInstance): object {
  return app.swagger() as object;
}
