import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build -w @whetstone/dashboard` writes the SPA (apps/dashboard/dist). */
export const DEFAULT_DASHBOARD_DIR = resolve(__dirname, '../../../dashboard/dist');

/**
 * Serves the dashboard SPA at /dashboard/: built files as they are, and index.html for every
 * other /dashboard path (client-side routes). Without a build the API runs without it and says so.
 */
export async function registerDashboard(app: FastifyInstance, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.log.warn({ dir }, 'dashboard not built (npm run build -w @whetstone/dashboard); /dashboard is not served');
    return;
  }
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: dir, prefix: '/dashboard/', wildcard: false, index: ['index.html'], maxAge: '1h', immutable: false });
    scope.get('/dashboard', { schema: { hide: true } }, (_request, reply) => reply.redirect('/dashboard/'));
    scope.get('/dashboard/*', { schema: { hide: true } }, (_request, reply) => reply.header('cache-control', 'no-cache').sendFile('index.html'));
  });
}
