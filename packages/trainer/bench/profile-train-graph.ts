/**
 * Where a training step's time goes: runs the LoRA (or full) training graph of the bench config with
 * ONNX Runtime's profiler and prints the time per op type and the slowest nodes.
 *
 *   npx tsx packages/trainer/bench/profile-train-graph.ts [--method lora|full] [--preset smollm2-135m] [--recompute]
 *     [same model flags as trainer-bench]
 *
 * The session is made with the trainer's options (no memory pattern, no prepacking), so the profile
 * shows the kernels a trainer step runs.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import { serializeModel } from '../src/graph/export-onnx';
import { initLoraAdapter, type LoraSettings } from '../src/model/lora';
import { buildLlamaGraph } from '../src/model/llama-graph';
import { toOrtTensor } from '../src/runtime/ort-tensors';
import { TrainableState } from '../src/train/trainable-state';
import { buildLlamaTrainingGraph } from '../src/train/training-graph';
import { benchBatch, benchConfig, benchWeights } from './bench-model';
import { PRESET_LORA, PRESETS } from './presets/presets';
import { nonNegativeInt } from './int-options';
import { withModelShapeOptions } from './model-shape-options';

const program = withModelShapeOptions(new Command('profile-train-graph'))
  .option('--method <kind>', 'lora or full', 'lora')
  .option('--forward-only', 'profile the forward (loss) graph instead')
  .option('--preset <name>', `a real model shape (${Object.keys(PRESETS).join(', ')}): its config and LoRA settings, batch 4 × 256 unless given`)
  .option('--recompute', 'per-layer activation recomputation in the training graph')
  .option('--seq <n>', 'tokens per row', nonNegativeInt, 256)
  .option('--batch <n>', 'rows per step', nonNegativeInt, 8)
  .option('--lora-r <n>', 'LoRA rank', nonNegativeInt, 16)
  .option('--threads <n>', 'intra-op threads (0: one per core)', nonNegativeInt, 0)
  .option('--runs <n>', 'profiled runs (after one warmup)', nonNegativeInt, 2)
  .option('--top <n>', 'slowest nodes to list', nonNegativeInt, 15)
  .parse();
const opts = program.opts<{ method: string; forwardOnly?: boolean; preset?: string; recompute?: boolean; hidden: number; layers: number; heads: number; kvHeads: number; intermediate: number; vocab: number; seq: number; batch: number; loraR: number; threads: number; runs: number; top: number }>();

interface ProfileEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}

async function main(): Promise<void> {
  const preset = opts.preset === undefined ? undefined : PRESETS[opts.preset];
  if (opts.preset !== undefined && !preset) throw new Error(`unknown preset '${opts.preset}'`);
  const config = preset?.config ?? benchConfig(opts);
  const weights = benchWeights(config);
  const lora: LoraSettings = preset ? { ...PRESET_LORA } : { r: opts.loraR, alpha: 2 * opts.loraR, dropout: 0, targetModules: 'all-linear' };
  const given = (option: string) => program.getOptionValueSource(option) !== 'default';
  const rows = preset && !given('batch') ? 4 : opts.batch;
  const seq = preset && !given('seq') ? 256 : opts.seq;
  const trainable = opts.method === 'lora' ? ({ kind: 'lora', lora } as const) : ({ kind: 'full' } as const);
  const built = opts.forwardOnly
    ? buildLlamaGraph(config, weights, { objective: 'loss', trainable, loraDropout: false })
    : buildLlamaTrainingGraph(config, weights, { trainable, recompute: opts.recompute === true });
  const state =
    opts.method === 'lora'
      ? TrainableState.fromLoraAdapter(built.trainableInputs, initLoraAdapter(config, weights, lora, 1))
      : TrainableState.fromWeights(built.trainableInputs, weights);
  const prefix = path.join(tmpdir(), `whetstone-profile-${process.pid}`);
  const session = await ort.InferenceSession.create(serializeModel(built.graph), {
    executionProviders: ['cpu'],
    intraOpNumThreads: opts.threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableMemPattern: false,
    extra: { 'session.disable_prepacking': '1', 'session.force_spinning_stop': '1' },
    enableProfiling: true,
    profileFilePrefix: prefix,
  });
  const feeds = Object.fromEntries(Object.entries({ ...benchBatch(config, rows, seq), ...state.feeds() }).map(([k, v]) => [k, toOrtTensor(v)]));
  const started: number[] = [];
  for (let i = 0; i <= opts.runs; i++) {
    const t = performance.now();
    await session.run(feeds);
    started.push(performance.now() - t);
  }
  session.endProfiling(); // writes <prefix>_<timestamp>.json
  await session.release();
  const name = readdirSync(tmpdir()).find((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.json'));
  if (!name) throw new Error(`no profile file ${prefix}_*.json was written`);
  const file = path.join(tmpdir(), name);
  const events = (JSON.parse(readFileSync(file, 'utf8')) as ProfileEvent[]).filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time'));
  rmSync(file, { force: true });

  const byOp = new Map<string, { us: number; count: number }>();
  const byNode = new Map<string, { us: number; op: string }>();
  let total = 0;
  // The first run is warmup: keep the last `runs` runs' events (events come in run order).
  const perRun = events.length / (opts.runs + 1);
  for (const e of events.slice(Math.round(perRun))) {
    const op = e.args?.op_name ?? '?';
    const entry = byOp.get(op) ?? { us: 0, count: 0 };
    entry.us += e.dur;
    entry.count++;
    byOp.set(op, entry);
    const node = byNode.get(e.name) ?? { us: 0, op };
    node.us += e.dur;
    byNode.set(e.name, node);
    total += e.dur;
  }
  const ms = (us: number) => (us / 1000 / opts.runs).toFixed(1);
  process.stdout.write(`${opts.method} ${opts.forwardOnly ? 'forward' : 'training'} graph: wall per run ${started.slice(1).map((t) => t.toFixed(0)).join(', ')} ms; kernel time per run ${ms(total)} ms\n\nop type                    ms/run   share  nodes\n`);
  for (const [op, { us, count }] of [...byOp].sort((a, b) => b[1].us - a[1].us)) {
    process.stdout.write(`${op.padEnd(24)} ${ms(us).padStart(8)} ${((100 * us) / total).toFixed(1).padStart(6)} % ${String(count / opts.runs).padStart(5)}\n`);
  }
  process.stdout.write(`\nslowest nodes:\n`);
  for (const [name, { us, op }] of [...byNode].sort((a, b) => b[1].us - a[1].us).slice(0, opts.top)) {
    process.stdout.write(`${ms(us).padStart(8)} ms  ${op.padEnd(14)} ${name.replace(/_kernel_time$/, '')}\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`profile-train-graph: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
