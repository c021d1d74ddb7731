import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { compatibilityMarkdown } from '../docs/compatibility';
import { errorCatalogueMarkdown } from '../docs/error-catalogue';

/** The OpenAPI document is generated from the same zod schemas that validate requests. */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Whetstone fine-tuning API',
        version: '1.0.0',
        description: [
          'OpenAI-compatible fine-tuning API with extensions (LoRA settings, full fine-tuning, DPO variants, evaluations, webhooks, quotas). Authenticate with `Authorization: Bearer sk-...`; the admin API uses the operator token.',
          compatibilityMarkdown(),
          errorCatalogueMarkdown(),
        ].join('\n\n'),
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'Tenant API key (sk-...)' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'Operator token (ADMIN_TOKEN)' },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
