import fastJson from 'fast-json-stringify';
import type { FastifySerializerCompiler } from 'fastify';
import { createSerializerCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';

type Serializer = (data: unknown) => string;
type SerializerCompiler = (route: { schema: unknown; method: string; url: string; httpStatus?: string }) => Serializer;

const zodSerializerCompiler = createSerializerCompiler({}) as unknown as SerializerCompiler;

/**
 * Response serialization compiled once per route from the same zod schema: zod's JSON Schema
 * (the output side) compiled by fast-json-stringify, which writes only the declared properties
 * (nothing undeclared leaks) without validating and re-stringifying the whole object per request,
 * several times cheaper than zod's encode + JSON.stringify on a job or a list of them. A schema
 * that JSON Schema cannot express (transforms, dates) keeps zod's serializer. A missing required
 * property still fails the response (500, logged), as it does with zod.
 */
export const responseSerializerCompiler: SerializerCompiler = (route) => {
  const schema = route.schema instanceof z.ZodType ? route.schema : null;
  if (!schema) return zodSerializerCompiler(route);
  let jsonSchema: object;
  try {
    jsonSchema = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'throw', target: 'draft-7', reused: 'inline' });
  } catch {
    return zodSerializerCompiler(route);
  }
  return fastJson(jsonSchema as Parameters<typeof fastJson>[0]) as Serializer;
};

export const serializerCompiler = responseSerializerCompiler as unknown as FastifySerializerCompiler<unknown>;
