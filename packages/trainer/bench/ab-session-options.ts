/**
 * The full fine-tuning training graph at the smollm2-135m preset's widths, in one process under several
 * ONNX Runtime session options, taking turns: the trainer's options ('trainer') against variants of them.
 * Prints the best and median wall and CPU ms per run of each (CPU time: process.cpuUsage, every thread of
 * the process, spinning included). A shared machine disturbs wall time most; taking turns exposes every
 * variant to the same moments.
 *
 *   npx tsx bench/ab-session-options.ts [--layers 4 --rounds 5 --threads 0 --variants trainer,block-base-4,no-arena]
 */
import { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import { serializeModelWithExternalBuffers } from '../src/graph/export-onnx';
import { hoistInitializers } from '../src/runtime/hoist-initializers';
import { sessionOptions } from '../src/runtime/graph-session';
import { toOrtTensor } from '../src/runtime/ort-tensors';
import { resolveRuntimeConfig } from '../src/runtime/runtime-config';
import type { HostTensor } from '../src/tensor/host-tensor';
import { TrainableState } from '../src/train/trainable-state';
import { buildLlamaTrainingGraph } from '../src/train/training-graph';
import { benchBatch, benchWeights } from './bench-model';
import { nonNegativeInt, positiveInt } from './int-options';
import { PRESETS } from './presets/presets';

type Options = ort.InferenceSession.SessionOptions;

/** Each variant: what it changes in the trainer's session options. */
const VARIANTS: Record<string, (o: Options) => Options> = {
  trainer: (o) => o,
  // Smaller work blocks in the intra-op pool: a thread slowed by another process leaves less for the other to wait on.
  'block-base-4': (o) => ({ ...o, extra: { ...o.extra, 'session.dynamic_block_base': '4' } }),
  // No arena: every tensor from the system allocator (page faults per step instead of kept blocks).
  'no-arena': (o) => ({ ...o, enableCpuMemArena: false }),
  // Intra-op threads sleep instead of spinning between ops.
  'no-spin': (o) => ({ ...o, extra: { ...o.extra, 'session.intra_op.allow_spinning': '0' } }),
  // Independent nodes run at the same time (2 inter-op threads).
  parallel: (o) => ({ ...o, executionMode: 'parallel', interOpNumThreads: 2 }),
};

const opts = new Command('ab-session-options')
  .option('--layers <n>', 'decoder layers (the preset has 30)', positiveInt, 4)
  .option('--rounds <n>', 'timed runs of each variant, taking turns, after one warmup run each', positiveInt, 5)
  .option('--threads <n>', 'intra-op threads (0: one per core)', nonNegativeInt, 0)
  .option('--variants <list>', `of ${Object.keys(VARIANTS).join(', ')}`, (v) => v.split(','), ['trainer', 'block-base-4', 'no-arena'])
  .parse()
  .opts<{ layers: number; rounds: number; threads: number; variants: string[] }>();

async function main(): Promise<void> {
  const config = { ...PRESETS['smollm2-135m']!.config, num_hidden_layers: opts.layers };
  const weights = benchWeights(config);
  const built = buildLlamaTrainingGraph(config, weights, { trainable: { kind: 'full' } });
  const state = TrainableState.fromWeights(built.trainableInputs, weights);
  const hoisted = hoistInitializers(built.graph);
  const model = serializeModelWithExternalBuffers(hoisted.graph);
  const base = sessionOptions(resolveRuntimeConfig({ intraOpNumThreads: opts.threads, interOpNumThreads: 1 }));
  const tensors: Record<string, HostTensor> = { ...benchBatch(config, 4, 256), ...state.feeds(), ...hoisted.constantFeeds };
  const feeds = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, toOrtTensor(t)]));
  const runs = [];
  for (const name of opts.variants) {
    const variant = VARIANTS[name];
    if (!variant) throw new Error(`unknown variant '${name}' (known: ${Object.keys(VARIANTS).join(', ')})`);
    const session = await ort.InferenceSession.create(model.model, { ...variant(base), externalData: model.externalData });
    runs.push({ name, session, wall: [] as number[], cpu: [] as number[] });
  }
  for (const r of runs) await r.session.run(feeds);
  for (let round = 0; round < opts.rounds; round++) {
    // Rotate the order so no variant always runs right after the same other one.
    for (let k = 0; k < runs.length; k++) {
      const r = runs[(k + round) % runs.length]!;
      const cpu = process.cpuUsage();
      const start = performance.now();
      await r.session.run(feeds);
      const used = process.cpuUsage(cpu);
      r.wall.push(performance.now() - start);
      r.cpu.push((used.user + used.system) / 1000);
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  process.stdout.write(`smollm2-135m full training graph, ${opts.layers} layers, ${built.graph.nodes.length} nodes, 4 x 256 tokens, intra-op threads ${opts.threads || 'one per core'}, ms per run:\n`);
  for (const r of runs) {
    process.stdout.write(
      `  ${r.name.padEnd(13)} wall best ${Math.min(...r.wall).toFixed(0)}, median ${median(r.wall).toFixed(0)};  cpu best ${Math.min(...r.cpu).toFixed(0)}, median ${median(r.cpu).toFixed(0)}\n`,
    );
    await r.session.release();
  }
}

main().catch((error: Error) => {
  process.stderr.write(`ab-session-options: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
