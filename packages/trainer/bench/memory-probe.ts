/**
 * Peak RSS of one trainer at a preset's shape, optionally cut to fewer layers or another batch shape,
 * printed after loading, creation and every step (the memory model's calibration runs):
 *
 *   npx tsx bench/memory-probe.ts --preset smollm2-135m --layers 4 --method lora|full [--rows 4 --seq 256 --recompute on|off --steps 2]
 */
import { Command } from 'commander';
import { predictTrainingMemory } from '../src/memory/predict-training-memory';
import { LlamaTrainer } from '../src/train/llama-trainer';
import { benchBatch, benchWeights } from './bench-model';
import { positiveInt } from './int-options';
import { resident } from './probe-support';
import { PRESET_LORA, PRESETS } from './presets/presets';

const opts = new Command('memory-probe')
  .requiredOption('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .option('--layers <n>', 'decoder layers (default: the preset\'s)', positiveInt)
  .option('--method <kind>', 'lora or full', 'lora')
  .option('--rows <n>', 'rows per micro-batch', positiveInt, 4)
  .option('--seq <n>', 'tokens per row', positiveInt, 256)
  .option('--recompute <mode>', 'on or off', 'on')
  .option('--steps <n>', 'training steps', positiveInt, 2)
  .parse()
  .opts<{ preset: string; layers?: number; method: string; rows: number; seq: number; recompute: string; steps: number }>();

async function main(): Promise<void> {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset '${opts.preset}'`);
  const config = { ...preset.config, num_hidden_layers: opts.layers ?? preset.config.num_hidden_layers };
  const recompute = opts.recompute === 'on';
  const lora = opts.method === 'lora';
  process.stdout.write(`start: ${resident()}\n`);
  const weights = benchWeights(config);
  process.stdout.write(`weights: ${resident()}\n`);
  const trainer = await LlamaTrainer.create({
    config,
    weights,
    method: lora ? { kind: 'lora', lora: PRESET_LORA } : { kind: 'full', inPlace: true },
    schedule: { type: 'constant', baseLr: 1e-5, warmupSteps: 0, totalSteps: 1000 },
    maxGradNorm: 1,
    seed: 1,
    runtime: { interOpNumThreads: 1 },
    recompute,
  });
  process.stdout.write(`created: ${resident()}\n`);
  const batch = benchBatch(config, opts.rows, opts.seq);
  for (let i = 1; i <= opts.steps; i++) {
    const start = performance.now();
    await trainer.trainStep([batch]);
    process.stdout.write(`step ${i} (${((performance.now() - start) / 1000).toFixed(1)} s): ${resident()}\n`);
  }
  await trainer.close();
  const predicted = predictTrainingMemory({
    config,
    method: lora ? { kind: 'lora', r: PRESET_LORA.r, targetModules: PRESET_LORA.targetModules } : { kind: 'full', inPlace: true },
    objective: 'sft',
    rows: opts.rows,
    seq: opts.seq,
    recompute,
  });
  process.stdout.write(`predicted: ${(predicted.total / 1e9).toFixed(3)} GB\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`memory-probe: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
