/**
 * Training-step speed of the engine on this machine:
 *
 *   npm run bench:trainer -w @whetstone/trainer -- [--hidden 512 --layers 8 --heads 8 --kv-heads 8
 *     --intermediate 1408 --vocab 1024 --seq 256 --batch 8 --lora-r 16 --threads 0 --iterations 4 --methods lora,full]
 *
 * For LoRA and full fine-tuning it times the forward graph, the forward+backward training graph and a
 * whole LlamaTrainer step (graph + gradient bookkeeping + AdamW on the host), counts the matmul FLOPs
 * of forward+backward analytically (see step-flops.ts) and compares the achieved FLOP/s with the
 * peak of plain n×n MatMul graphs run in the same rounds with the same thread count.
 *
 *   npm run bench:trainer -w @whetstone/trainer -- --preset smollm2-135m|qwen2.5-0.5b [--rows lora,full,dpo-lora --steps 2]
 *
 * runs each row of a real model's shape (bench/presets/presets.ts) in its own child process, so each
 * peak RSS is its own, and prints speed, peak RSS and the memory model's prediction (preset-bench.ts).
 */
import os from 'node:os';
import { Command } from 'commander';
import type { Batch } from '../src/data/batch';
import { buildLlamaGraph } from '../src/model/llama-graph';
import type { HostTensor } from '../src/tensor/host-tensor';
import { initLoraAdapter, type LoraSettings } from '../src/model/lora';
import { GraphSession } from '../src/runtime/graph-session';
import { serializeModel } from '../src/graph/export-onnx';
import type { RuntimeConfig } from '../src/runtime/runtime-config';
import { LlamaTrainer } from '../src/train/llama-trainer';
import { TrainableState } from '../src/train/trainable-state';
import { buildLlamaTrainingGraph } from '../src/train/training-graph';
import { benchBatch, benchConfig, benchWeights } from './bench-model';
import { runPresetBench } from './presets/preset-bench';
import { matmulPeakProbe } from './matmul-peak';
import { graphMatmulFlops } from './graph-flops';
import { defaultLossChunks } from '../src/model/chunked-token-nll';
import { stepFlops } from './step-flops';
import { interleavedBest, type Probe } from './timing';
import { nonNegativeInt } from './int-options';
import { withModelShapeOptions } from './model-shape-options';

const opts = withModelShapeOptions(new Command('trainer-bench'))
  .option('--seq <n>', 'tokens per row', nonNegativeInt, 256)
  .option('--batch <n>', 'rows per step', nonNegativeInt, 8)
  .option('--lora-r <n>', 'LoRA rank (all linear layers)', nonNegativeInt, 16)
  .option('--threads <n>', 'ONNX Runtime intra-op threads (0: one per core)', nonNegativeInt, 0)
  .option('--warmup <n>', 'untimed runs first', nonNegativeInt, 1)
  .option('--iterations <n>', 'timed rounds (the fastest run is reported: the machine may be shared)', nonNegativeInt, 4)
  .option('--peak-sizes <list>', 'n of the n×n MatMul peak graphs', (v) => v.split(',').map(Number), [1024, 2048])
  .option('--methods <list>', 'lora, full or both', (v) => v.split(','), ['lora', 'full'])
  .option('--preset <name>', 'a real model shape (smollm2-135m, qwen2.5-0.5b): each row in its own process')
  .option('--rows <list>', 'with --preset: the rows to run (default: all)', (v) => v.split(','))
  .option('--steps <n>', 'with --preset: timed steps after the first', nonNegativeInt, 2)
  .option('--recompute <mode>', "with --preset: auto (by each row's budget), on or off", 'auto')
  .option('--optimizer-threads <n>', 'with --preset: threads of the AdamW update (auto, 1 or 2; the trainer option optimizerThreads)', 'auto')
  .parse()
  .opts<{
    hidden: number; layers: number; heads: number; kvHeads: number; intermediate: number; vocab: number; seq: number; batch: number;
    loraR: number; threads: number; warmup: number; iterations: number; peakSizes: number[]; methods: string[];
    preset?: string; rows?: string[]; steps: number; recompute: string; optimizerThreads: string;
  }>();

const runtime: Partial<RuntimeConfig> = { intraOpNumThreads: opts.threads, interOpNumThreads: 1 };
const config = benchConfig(opts);
// Built in main(): a --preset run never needs the default model.
let weights: Map<string, HostTensor>;
let batch: Batch;
const tokens = opts.batch * opts.seq;
const lora: LoraSettings = { r: opts.loraR, alpha: 2 * opts.loraR, dropout: 0, targetModules: 'all-linear' };

interface Row {
  method: string;
  forward: number;
  trainGraph: number;
  trainerStep: number;
  flops: number;
  /** The best MatMul FLOP/s measured in this method's rounds. */
  peak: number;
}

/** Times forward, forward+backward and a whole trainer step of one method, taking turns with the MatMul peak graphs. */
async function measure(method: 'lora' | 'full'): Promise<Row> {
  const trainable = method === 'lora' ? ({ kind: 'lora', lora } as const) : ({ kind: 'full' } as const);
  const forward = buildLlamaGraph(config, weights, { objective: 'loss', trainable, loraDropout: false });
  const training = buildLlamaTrainingGraph(config, weights, { trainable });
  const state =
    method === 'lora'
      ? TrainableState.fromLoraAdapter(training.trainableInputs, initLoraAdapter(config, weights, lora, 1))
      : TrainableState.fromWeights(training.trainableInputs, weights);
  const feeds = { ...batch, ...state.feeds() };
  const forwardSession = await GraphSession.create(serializeModel(forward.graph), runtime);
  const trainSession = await GraphSession.create(serializeModel(training.graph), runtime);
  const trainer = await LlamaTrainer.create({
    config,
    weights,
    method: method === 'lora' ? { kind: 'lora', lora } : { kind: 'full' },
    schedule: { type: 'constant', baseLr: 1e-5, warmupSteps: 0, totalSteps: 1000 },
    maxGradNorm: 1,
    seed: 1,
    runtime,
  });
  const peaks = await Promise.all(opts.peakSizes.flatMap((n) => [matmulPeakProbe(n, 'fed', runtime), matmulPeakProbe(n, 'initializer', runtime)]));
  const probes: Probe[] = [
    ...peaks.map((p, i) => ({ name: `peak${i}`, run: p.run })),
    { name: 'forward', run: () => forwardSession.run(feeds) },
    { name: 'train', run: () => trainSession.run(feeds) },
    { name: 'step', run: () => trainer.trainStep([batch]) },
  ];
  const fastest = await interleavedBest(probes, opts.warmup, opts.iterations);
  await Promise.all([forwardSession.release(), trainSession.release(), trainer.close(), ...peaks.map((p) => p.release())]);

  const { forward: f, backward: b } = stepFlops({ config, batch: opts.batch, seq: opts.seq, lora: method === 'lora' ? lora : undefined });
  const chunks = defaultLossChunks(config.vocab_size);
  const rowsPerChunk = Math.ceil((opts.batch * opts.seq) / chunks);
  const counted = graphMatmulFlops(training.graph, { batch: opts.batch, sequence: opts.seq }, rowsPerChunk);
  // A trained head's backward recomputes each vocabulary slice's logits (chunked-token-nll.ts): work the
  // graph does that the formula rightly leaves out of the useful FLOPs.
  const headRecompute = method === 'full' ? 2 * opts.batch * opts.seq * config.hidden_size * config.vocab_size : 0;
  process.stdout.write(
    `${method}: matmul GFLOP of forward + backward by the formula ${((f + b) / 1e9).toFixed(3)}, counted in the built graph ${(counted / 1e9).toFixed(3)}` +
      (headRecompute ? ` (${(headRecompute / 1e9).toFixed(3)} of it the LM head's logits recomputed in its backward)` : '') +
      `${counted === f + b + headRecompute ? '' : '  (MISMATCH: the formula is out of date)'}\n`,
  );
  return {
    method,
    forward: fastest.get('forward')!,
    trainGraph: fastest.get('train')!,
    trainerStep: fastest.get('step')!,
    flops: f + b,
    peak: Math.max(...peaks.map((p, i) => p.flops / fastest.get(`peak${i}`)!)),
  };
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

async function main(): Promise<void> {
  weights = benchWeights(config);
  batch = benchBatch(config, opts.batch, opts.seq);
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(
    `config: hidden ${opts.hidden}, ${opts.layers} layers, ${opts.heads} heads (${opts.kvHeads} kv), intermediate ${opts.intermediate}, ` +
      `vocab ${opts.vocab}, batch ${opts.batch} × seq ${opts.seq} = ${tokens} tokens, LoRA r=${opts.loraR} on all linear layers\n` +
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), intra-op threads ${opts.threads || 'default (one per core)'}, ` +
      `load average ${load()}; fastest of ${opts.iterations} interleaved runs each\n\n`,
  );
  const rows: Row[] = [];
  for (const method of opts.methods) rows.push(await measure(method as 'lora' | 'full'));

  // The peak is a property of the machine: the best MatMul run of the whole bench, so a row measured
  // in a quiet moment is not compared with a peak measured in a busy one.
  const peak = Math.max(...rows.map((r) => r.peak));
  process.stdout.write(`\npeak: ${(peak / 1e9).toFixed(1)} GFLOP/s (best MatMul run; per method rounds: ${rows.map((r) => `${r.method} ${(r.peak / 1e9).toFixed(1)}`).join(', ')})\n`);
  const header = ['method', 'forward ms', 'fwd+bwd ms', 'trainer step ms', 'tokens/s', 'GFLOP/step', 'GFLOP/s', '% of peak'];
  const widths = [8, 11, 11, 16, 9, 11, 8, 10];
  process.stdout.write(`${pad(header, widths)}\n`);
  for (const r of rows) {
    const achieved = r.flops / r.trainGraph;
    process.stdout.write(
      pad(
        [
          r.method,
          (r.forward * 1e3).toFixed(0),
          (r.trainGraph * 1e3).toFixed(0),
          (r.trainerStep * 1e3).toFixed(0),
          (tokens / r.trainerStep).toFixed(0),
          (r.flops / 1e9).toFixed(1),
          (achieved / 1e9).toFixed(1),
          `${((100 * achieved) / peak).toFixed(1)} %`,
        ],
        widths,
      ) + '\n',
    );
  }
  process.stdout.write(
    `\nGFLOP/step: matmul FLOPs of forward + backward (bench/step-flops.ts). GFLOP/s and % of peak: those FLOPs over the fwd+bwd graph time, ` +
      `against the peak: the best ${opts.peakSizes.map((n) => `${n}³`).join('/')} MatMul graph run (B fed or prepacked), timed in turns with the steps. tokens/s: over the whole trainer step ` +
      `(graph + gradient bookkeeping + AdamW on the host). Load average at the end: ${load()}\n`,
  );
}

(opts.preset ? runPresetBench({ preset: opts.preset, rows: opts.rows, steps: opts.steps, threads: opts.threads, recompute: opts.recompute, optimizerThreads: opts.optimizerThreads }) : main()).catch((error: Error) => {
  process.stderr.write(`trainer-bench: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
