/**
 * Peak RSS of a full fine-tuning run through the training loop (what the worker runs), with the run's
 * weights trained in place (`trainInPlace`, the worker's choice) or copied, at a preset's widths cut to
 * fewer layers. Run each mode in its own process, one after the other, so each peak is its own:
 *
 *   npx tsx bench/loop-memory-probe.ts --preset smollm2-135m --layers 4 --mode in-place|copy [--steps 2]
 */
import { Command } from 'commander';
import { LoadedTokenizer } from '@whetstone/tokenizer';
import { buildTinyModel } from '../src/io/tiny-model';
import { runSupervisedTraining } from '../src/loop/run-supervised-training';
import { parseSftHyperparameters } from '../src/loop/sft-hyperparameters';
import { benchWeights } from './bench-model';
import { positiveInt } from './int-options';
import { resident } from './probe-support';
import { PRESETS } from './presets/presets';

const opts = new Command('loop-memory-probe')
  .requiredOption('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .option('--layers <n>', "decoder layers (default: the preset's)", positiveInt)
  .requiredOption('--mode <mode>', 'in-place or copy')
  .option('--steps <n>', 'optimizer steps', positiveInt, 2)
  .parse()
  .opts<{ preset: string; layers?: number; mode: string; steps: number }>();

async function main(): Promise<void> {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset '${opts.preset}'`);
  if (opts.mode !== 'in-place' && opts.mode !== 'copy') throw new Error(`--mode is in-place or copy, not '${opts.mode}'`);
  const config = { ...preset.config, num_hidden_layers: opts.layers ?? preset.config.num_hidden_layers };
  // The tiny model's tokenizer: its ids are all below the preset's vocabulary, and it has a chat template.
  const tiny = buildTinyModel({ seed: 1 });
  const tokenizer = new LoadedTokenizer({ tokenizerJson: tiny.tokenizer.tokenizerJson, tokenizerConfig: tiny.tokenizer.tokenizerConfig });
  const line = (k: number) => `example ${k}: ${'the quick brown fox jumps over the lazy dog '.repeat(6)}`;
  const examples = Array.from({ length: 8 * opts.steps }, (_, k) => ({ messages: [{ role: 'user' as const, content: line(k) }, { role: 'assistant' as const, content: line(k + 1) }] }));
  process.stdout.write(`start: ${resident()}\n`);
  const weights = benchWeights(config);
  process.stdout.write(`weights: ${resident()}\n`);
  const result = await runSupervisedTraining(
    {
      config,
      weights,
      trainInPlace: opts.mode === 'in-place',
      tokenizer,
      trainExamples: examples,
      hyperparameters: parseSftHyperparameters({ method: 'full', batchSize: 4, maxSteps: opts.steps, maxLength: 256, learningRate: 1e-5, seed: 1 }),
      runtime: { interOpNumThreads: 1 },
    },
    { onStep: (m) => void process.stdout.write(`step ${m.step} (${m.tokensPerSecond.toFixed(0)} tokens/s): ${resident()}\n`) },
  );
  process.stdout.write(`${opts.mode}: ${result.plan.recomputesActivations ? 'with' : 'without'} recomputation, ${result.position.step} steps; ${resident()}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`loop-memory-probe: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
