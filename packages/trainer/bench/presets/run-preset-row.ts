/**
 * One row of a preset bench in a process of its own, so its peak RSS is its own:
 *
 *   tsx bench/presets/run-preset-row.ts --preset smollm2-135m --row lora [--steps 2 --threads 0]
 *
 * Order: the MatMul peak probes (then released, and the kernel's peak-RSS mark reset), the model
 * (random weights), the trainer, `steps` steps on the same batch with the peak probes run again after
 * each step, then once more at the end. The peak is the best probe run of the whole process: on a shared
 * 2-core machine a 2-thread MatMul loses up to half its speed whenever another process takes a core, so
 * a few probe runs before the steps alone gave peaks 40 % apart between rows. Probing between the steps
 * measures the peak under the same conditions as the steps; the peak-RSS mark is read before and reset
 * after each of those probes, so they never count in the training's peak RSS. Prints one line
 * `ROW <json>` with the timings, the peak RSS of the training part and the predicted peak.
 */
import * as fs from 'node:fs';
import { Command } from 'commander';
import { collatePreferenceBatch } from '../../src/data/preference-batch';
import { mulberry32 } from '../../src/data/seeded-random';
import type { Batch } from '../../src/data/batch';
import { DpoTrainer } from '../../src/dpo/dpo-trainer';
import { predictTrainingMemory } from '../../src/memory/predict-training-memory';
import type { RuntimeConfig } from '../../src/runtime/runtime-config';
import { LlamaTrainer, type LlamaTrainerOptions } from '../../src/train/llama-trainer';
import type { TrainableRun } from '../../src/train/trainable-run';
import { benchBatch, benchWeights } from '../bench-model';
import { matmulPeakProbe } from '../matmul-peak';
import { stepFlops } from '../step-flops';
import { PRESET_LORA, PRESETS } from './presets';
import { nonNegativeInt } from '../int-options';

const opts = new Command('run-preset-row')
  .requiredOption('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`)
  .requiredOption('--row <name>', 'a row of the preset')
  .option('--steps <n>', 'steps after the first (each timed; the fastest is reported)', nonNegativeInt, 2)
  .option('--threads <n>', 'ONNX Runtime intra-op threads (0: one per core)', nonNegativeInt, 0)
  .option('--recompute <mode>', "auto (by the row's budget), on or off", 'auto')
  .option('--optimizer-threads <n>', 'threads of the AdamW update: auto, 1 or 2', 'auto')
  .parse()
  .opts<{ preset: string; row: string; steps: number; threads: number; recompute: string; optimizerThreads: string }>();

/** Runs of each peak probe before the model is built and after the trainer is closed. */
const PROBE_ROUNDS = 8;
/** Runs of each peak probe after every timed step (about 0.3 s of probing at ~200 GFLOP/s). */
const PROBE_ROUNDS_BETWEEN_STEPS = 2;

/** Resident-set figures of this process from the kernel, in bytes. */
function residentBytes(): { rss: number; peak: number } {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Best MatMul FLOP/s of the probes (1024³ and 2048³, B fed), each run `rounds` times, taking turns. */
async function matmulPeak(runtime: Partial<RuntimeConfig>, rounds: number): Promise<number> {
  const probes = await Promise.all([1024, 2048].map((n) => matmulPeakProbe(n, 'fed', runtime)));
  // A fresh session's first run allocates its output and arena blocks: untimed.
  for (const p of probes) await p.run();
  let best = 0;
  for (let i = 0; i < rounds; i++) {
    for (const p of probes) {
      const start = performance.now();
      await p.run();
      best = Math.max(best, p.flops / ((performance.now() - start) / 1000));
    }
  }
  await Promise.all(probes.map((p) => p.release()));
  return best;
}

/** `pairs` pairs of random sequences sharing a prompt of seq/2 tokens; the completions are scored. */
function preferenceBatch(vocab: number, pairs: number, seq: number): Batch {
  const random = mulberry32(7);
  const token = () => Math.floor(random() * vocab);
  const promptLength = Math.floor(seq / 2);
  const list = Array.from({ length: pairs }, () => {
    const prompt = Array.from({ length: promptLength }, token);
    const sequence = () => {
      const inputIds = [...prompt, ...Array.from({ length: seq - promptLength }, token)];
      return { inputIds, weights: inputIds.map((_, t) => (t < promptLength ? 0 : 1)) };
    };
    return { chosen: sequence(), rejected: sequence(), promptLength };
  });
  return collatePreferenceBatch(list, { padId: 0, padToLength: seq });
}

async function main(): Promise<void> {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset '${opts.preset}' (known: ${Object.keys(PRESETS).join(', ')})`);
  const row = preset.rows.find((r) => r.name === opts.row);
  if (!row) throw new Error(`preset '${opts.preset}' has no row '${opts.row}' (rows: ${preset.rows.map((r) => r.name).join(', ')})`);
  const { config } = preset;
  const runtime: Partial<RuntimeConfig> = { intraOpNumThreads: opts.threads, interOpNumThreads: 1 };

  const peakBefore = await matmulPeak(runtime, PROBE_ROUNDS);
  // The peak-RSS mark restarts from here: the training's own peak.
  const resetPeakMark = () => {
    if (typeof global.gc === 'function') global.gc();
    fs.writeFileSync('/proc/self/clear_refs', '5');
  };
  resetPeakMark();
  const baseline = residentBytes().rss;

  const start = performance.now();
  const weights = benchWeights(config);
  const options: LlamaTrainerOptions = {
    config,
    weights,
    // The row's weights are its own: a full SFT run trains them in place (the model held once); full DPO
    // cannot, the base weights are its reference model.
    method: row.method === 'lora' ? { kind: 'lora', lora: PRESET_LORA } : { kind: 'full', inPlace: row.objective === 'sft' },
    schedule: { type: 'constant', baseLr: 1e-5, warmupSteps: 0, totalSteps: 1000 },
    maxGradNorm: 1,
    seed: 1,
    runtime,
    recompute: opts.recompute === 'on' ? true : opts.recompute === 'off' ? false : 'auto',
    memory: { budgetBytes: row.budgetGb * 1e9, rows: row.rows, seq: row.seq },
    optimizerThreads: opts.optimizerThreads === '1' ? 1 : opts.optimizerThreads === '2' ? 2 : 'auto',
  };
  const trainer: LlamaTrainer | DpoTrainer =
    row.objective === 'dpo' ? await DpoTrainer.create({ ...options, dpo: { beta: 0.1 } }) : await LlamaTrainer.create(options);
  const batch = row.objective === 'dpo' ? preferenceBatch(config.vocab_size, row.rows / 2, row.seq) : benchBatch(config, row.rows, row.seq);
  const run = trainer as TrainableRun & { trainStep(b: Batch[]): Promise<unknown>; recomputes: boolean };

  await run.trainStep([batch]);
  const firstStepSeconds = (performance.now() - start) / 1000;
  let step = Infinity;
  let graph = Infinity;
  let trainingPeakRss = residentBytes().peak;
  let peakBetween = 0;
  for (let i = 0; i < opts.steps; i++) {
    const t = performance.now();
    await run.trainStep([batch]);
    const seconds = (performance.now() - t) / 1000;
    if (seconds < step) {
      step = seconds;
      graph = run.lastStepGraphSeconds;
    }
    trainingPeakRss = Math.max(trainingPeakRss, residentBytes().peak);
    peakBetween = Math.max(peakBetween, await matmulPeak(runtime, PROBE_ROUNDS_BETWEEN_STEPS));
    resetPeakMark();
  }
  const resident = residentBytes();
  trainingPeakRss = Math.max(trainingPeakRss, resident.peak);
  await trainer.close();
  const peakAfter = await matmulPeak(runtime, PROBE_ROUNDS);

  const { forward, backward } = stepFlops({ config, batch: row.rows, seq: row.seq, lora: row.method === 'lora' ? PRESET_LORA : undefined });
  const predicted = predictTrainingMemory({
    config,
    method: row.method === 'lora' ? { kind: 'lora', r: PRESET_LORA.r, targetModules: PRESET_LORA.targetModules } : { kind: 'full', inPlace: row.objective === 'sft' },
    objective: row.objective,
    rows: row.rows,
    seq: row.seq,
    recompute: run.recomputes,
  });
  const result = {
    preset: opts.preset,
    row: row.name,
    tokens: row.rows * row.seq,
    recompute: run.recomputes,
    budgetBytes: row.budgetGb * 1e9,
    firstStepSeconds,
    stepSeconds: step,
    graphSeconds: graph,
    flops: forward + backward,
    matmulPeak: Math.max(peakBefore, peakBetween, peakAfter),
    matmulPeaks: { before: peakBefore, betweenSteps: peakBetween, after: peakAfter },
    peakRssBytes: trainingPeakRss,
    baselineRssBytes: baseline,
    predictedBytes: predicted.total,
    predicted: predicted.parts,
  };
  process.stdout.write(`ROW ${JSON.stringify(result)}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`run-preset-row: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
