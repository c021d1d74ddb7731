/**
 * Writes a deterministic tiny Llama model folder (config.json, model.safetensors, tokenizer files,
 * generation_config.json) for tests and demos:
 *
 *   npx tsx packages/trainer/scripts/make-tiny-model.ts --out DIR --seed N \
 *     [--hidden 64] [--layers 2] [--heads 4] [--kv-heads 2] [--intermediate 128] [--max-positions 256] \
 *     [--rope-theta 10000] [--untied]
 */
import { Command, InvalidArgumentError } from 'commander';
import { writeTinyModelFolder } from '../src/io/tiny-model';

function integer(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number');
  return n;
}

const program = new Command()
  .name('make-tiny-model')
  .description('Write a deterministic, randomly initialised tiny Llama model folder')
  .requiredOption('--out <dir>', 'folder to write (created if missing)')
  .requiredOption('--seed <n>', 'seed of the weight initialisation', integer)
  .option('--hidden <n>', 'hidden size', integer, 64)
  .option('--layers <n>', 'number of decoder layers', integer, 2)
  .option('--heads <n>', 'attention heads', integer, 4)
  .option('--kv-heads <n>', 'key/value heads (grouped-query attention)', integer, 2)
  .option('--intermediate <n>', 'MLP intermediate size', integer, 128)
  .option('--max-positions <n>', 'max_position_embeddings', integer, 256)
  .option('--rope-theta <x>', 'RoPE base', positiveNumber, 10000)
  .option('--untied', 'separate lm_head instead of tied embeddings')
  .parse();

const opts = program.opts<{
  out: string;
  seed: number;
  hidden: number;
  layers: number;
  heads: number;
  kvHeads: number;
  intermediate: number;
  maxPositions: number;
  ropeTheta: number;
  untied?: boolean;
}>();

writeTinyModelFolder(opts.out, {
  seed: opts.seed,
  hiddenSize: opts.hidden,
  numLayers: opts.layers,
  numHeads: opts.heads,
  numKvHeads: opts.kvHeads,
  intermediateSize: opts.intermediate,
  maxPositionEmbeddings: opts.maxPositions,
  ropeTheta: opts.ropeTheta,
  tieWordEmbeddings: !opts.untied,
}).then(
  (files) => process.stdout.write(`wrote ${files.join(', ')} to ${opts.out}\n`),
  (error: Error) => {
    process.stderr.write(`make-tiny-model: ${error.message}\n`);
    process.exitCode = 1;
  },
);
