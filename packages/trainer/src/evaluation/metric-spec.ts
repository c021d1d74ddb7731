import { z } from 'zod';
import { containsScorer, containsSpec } from './metrics/contains';
import { exactMatchScorer, exactMatchSpec } from './metrics/exact-match';
import { jsonSchemaValidScorer, jsonSchemaValidSpec } from './metrics/json-schema-valid';
import { jsonValidScorer, jsonValidSpec } from './metrics/json-valid';
import { maxLengthScorer, maxLengthSpec } from './metrics/max-length';
import type { MetricScorer } from './metrics/metric-scorer';
import { regexMatchScorer, regexMatchSpec } from './metrics/regex-match';

/** One user-defined generation metric, declared with the job and checked before any training starts. */
export const generationMetricSpec = z.discriminatedUnion('type', [exactMatchSpec, containsSpec, regexMatchSpec, jsonValidSpec, jsonSchemaValidSpec, maxLengthSpec]);
export type GenerationMetricSpecInput = z.input<typeof generationMetricSpec>;
export type GenerationMetricSpec = z.output<typeof generationMetricSpec>;
export type GenerationMetricType = GenerationMetricSpec['type'];

/** A job's metric list: at most 32, with distinct names (a metric's name defaults to its type). */
export const generationMetricSpecs = z
  .array(generationMetricSpec)
  .max(32)
  .superRefine((specs, ctx) => {
    const seen = new Set<string>();
    specs.forEach((spec, i) => {
      const name = metricDisplayName(spec);
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `two metrics are named '${name}'; give each a distinct name` });
      seen.add(name);
    });
  });

export function parseGenerationMetricSpecs(input: unknown): GenerationMetricSpec[] {
  return generationMetricSpecs.parse(input);
}

export function metricDisplayName(spec: GenerationMetricSpec): string {
  return spec.name ?? spec.type;
}

/** A metric ready to score: its spec, display name and scoring function. */
export interface CompiledMetric {
  spec: GenerationMetricSpec;
  name: string;
  score: MetricScorer;
}

/** Compiles a job's metrics once (regexes, schemas); every evaluation of the job reuses them. */
export function compileMetrics(specs: readonly GenerationMetricSpec[]): CompiledMetric[] {
  return specs.map((spec) => ({ spec, name: metricDisplayName(spec), score: compileMetric(spec) }));
}

/** The scoring function of a parsed spec (regexes and schemas compiled once). */
export function compileMetric(spec: GenerationMetricSpec): MetricScorer {
  switch (spec.type) {
    case 'exact_match':
      return exactMatchScorer(spec);
    case 'contains':
      return containsScorer(spec);
    case 'regex_match':
      return regexMatchScorer(spec);
    case 'json_valid':
      return jsonValidScorer(spec);
    case 'json_schema_valid':
      return jsonSchemaValidScorer(spec);
    case 'max_length':
      return maxLengthScorer(spec);
  }
}
