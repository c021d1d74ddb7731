import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { admin } from './harness';
import { multipart } from './multipart';

/** POST /v1/admin/models with every file of `dir` as its own part (what an operator's upload sends). */
export function uploadModelFolder(app: FastifyInstance, dir: string, fields: Record<string, string>) {
  const parts = [
    ...Object.entries(fields).map(([name, value]) => ({ name, value })),
    ...readdirSync(dir).map((file) => ({ name: 'file', filename: file, value: readFileSync(path.join(dir, file)) })),
  ];
  const body = multipart(parts);
  return app.inject({ method: 'POST', url: '/v1/admin/models', headers: { ...admin, ...body.headers }, payload: body.payload });
}
