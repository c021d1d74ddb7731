/**
 * What a job's evaluation metrics cost the process that parses them (the API, on every create and
 * dry run) and the worker that scores generations with them:
 *
 *   npm run bench:eval-metrics -w @whetstone/trainer -- [--metrics 32 --patterns 16 --samples 32 --chars 2000]
 *
 * Builds the largest request the limits allow (`metrics` json_schema_valid metrics with `patterns`
 * pattern properties each), reports its JSON size, the synchronous time of one parse (the event
 * loop is blocked for all of it) and the RSS it adds, then compiles the metrics once and scores
 * `samples` generations of `chars` characters each.
 */
import { Command } from 'commander';
import { evaluateGenerations } from '../src/evaluation/evaluate-generations';
import { compileMetrics, parseGenerationMetricSpecs } from '../src/evaluation/metric-spec';

const program = new Command()
  .option('--metrics <n>', 'json_schema_valid metrics', '32')
  .option('--patterns <n>', 'patterns per schema', '16')
  .option('--samples <n>', 'generations scored', '32')
  .option('--chars <n>', 'characters per generation', '2000')
  .parse();
const opts = program.opts<{ metrics: string; patterns: string; samples: string; chars: string }>();
const [metrics, patterns, samples, chars] = [opts.metrics, opts.patterns, opts.samples, opts.chars].map(Number) as [number, number, number, number];

const schema = (m: number) => ({
  type: 'object',
  properties: Object.fromEntries(Array.from({ length: patterns }, (_, p) => [`field_${m}_${p}`, { type: 'string', pattern: `^[a-z]+_${p}[0-9]{1,4}$` }])),
});
const body = Array.from({ length: metrics }, (_, m) => ({ type: 'json_schema_valid', name: `schema_${m}`, schema: schema(m) }));
const bodyBytes = Buffer.byteLength(JSON.stringify(body));

global.gc?.();
const rssBefore = process.memoryUsage().rss;
let started = process.hrtime.bigint();
const specs = parseGenerationMetricSpecs(body);
const parseMs = Number(process.hrtime.bigint() - started) / 1e6;
const rssAfter = process.memoryUsage().rss;

const value = Object.fromEntries(Array.from({ length: patterns }, (_, p) => [`field_0_${p}`, `${'x'.repeat(Math.max(1, Math.floor(chars / patterns) - 8))}_${p}42`]));
const generation = JSON.stringify(value).slice(0, chars);
started = process.hrtime.bigint();
const result = evaluateGenerations(compileMetrics(specs), Array.from({ length: samples }, () => ({ generation })));
const scoreMs = Number(process.hrtime.bigint() - started) / 1e6;

console.log(`request: ${metrics} metrics x ${patterns} patterns = ${metrics * patterns} patterns, ${(bodyBytes / 1024).toFixed(1)} KiB of JSON`);
console.log(`parse (blocks the event loop): ${parseMs.toFixed(1)} ms, RSS +${((rssAfter - rssBefore) / 2 ** 20).toFixed(1)} MiB`);
console.log(`scoring ${samples} generations of ${generation.length} chars with every metric: ${scoreMs.toFixed(1)} ms (${result.metrics.reduce((n, m) => n + m.errors, 0)} limit errors)`);
