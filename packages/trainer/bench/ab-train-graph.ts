/**
 * Two builds of the LoRA training graph, from this checkout and/or other checkouts of the repository
 * (e.g. `git worktree add /tmp/old <commit>` with node_modules linked), run in one process taking turns,
 * timed in CPU time on one intra-op thread. A busy shared machine distorts this far less than wall time
 * on two threads, and taking turns exposes both builds to the same moments.
 *
 *   npx tsx bench/ab-train-graph.ts --a /tmp/old/packages/trainer --a-session initializers-prepacked \
 *     [--b <checkout>/packages/trainer] [--layers 8 --rounds 6 --recompute]
 *
 * Sessions: 'feeds' (what sessionForGraph does since 12-04: large initializers fed in place, no
 * prepacking), 'initializers' (weights inside the session, no prepacking) or 'initializers-prepacked'
 * (what the trainer did before 12-04 21:17). Shape: the smollm2-135m preset, batch 4 × 256, LoRA r=8.
 */
import { Command, InvalidArgumentError } from 'commander';
import * as ort from 'onnxruntime-node';
import { serializeModelWithExternalBuffers } from '../src/graph/export-onnx';
import type { LlamaConfig } from '../src/model/llama-config';
import { initLoraAdapter } from '../src/model/lora';
import { hoistInitializers } from '../src/runtime/hoist-initializers';
import { toOrtTensor } from '../src/runtime/ort-tensors';
import type { HostTensor } from '../src/tensor/host-tensor';
import { TrainableState } from '../src/train/trainable-state';
import { buildLlamaTrainingGraph } from '../src/train/training-graph';
import { benchBatch, benchWeights } from './bench-model';
import { PRESET_LORA, PRESETS } from './presets/presets';
import { positiveInt } from './int-options';

const SESSIONS = ['feeds', 'initializers', 'initializers-prepacked'] as const;
type SessionKind = (typeof SESSIONS)[number];
const sessionKind = (value: string): SessionKind => {
  if (!(SESSIONS as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${SESSIONS.join(', ')}`);
  return value as SessionKind;
};
const opts = new Command('ab-train-graph')
  .option('--a <dir>', "build A: a checkout's packages/trainer (default: this one)")
  .option('--b <dir>', "build B: a checkout's packages/trainer (default: this one)")
  .option('--a-session <kind>', SESSIONS.join(' | '), sessionKind, 'feeds')
  .option('--b-session <kind>', SESSIONS.join(' | '), sessionKind, 'feeds')
  .option('--layers <n>', 'decoder layers (the preset has 30)', positiveInt, 8)
  .option('--rounds <n>', 'timed runs of each build, taking turns, after one warmup run each', positiveInt, 6)
  .option('--recompute', 'per-layer activation recomputation (checkouts from 12-07 on)')
  .parse()
  .opts<{ a?: string; b?: string; aSession: SessionKind; bSession: SessionKind; layers: number; rounds: number; recompute?: boolean }>();

type BuildGraph = typeof buildLlamaTrainingGraph;

async function builderFrom(dir: string | undefined): Promise<BuildGraph> {
  if (dir === undefined) return buildLlamaTrainingGraph;
  const module = (await import(`${dir}/src/train/training-graph`)) as { buildLlamaTrainingGraph: BuildGraph };
  return module.buildLlamaTrainingGraph;
}

async function graphRunner(build: BuildGraph, config: LlamaConfig, weights: Map<string, HostTensor>, kind: SessionKind) {
  const built = build(config, weights, { trainable: { kind: 'lora', lora: PRESET_LORA }, recompute: opts.recompute === true });
  const state = TrainableState.fromLoraAdapter(built.trainableInputs, initLoraAdapter(config, weights, PRESET_LORA, 1));
  const hoisted = kind === 'feeds' ? hoistInitializers(built.graph) : { graph: built.graph, constantFeeds: {} };
  const model = serializeModelWithExternalBuffers(hoisted.graph);
  const session = await ort.InferenceSession.create(model.model, {
    externalData: model.externalData,
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    enableMemPattern: false,
    extra: kind === 'initializers-prepacked' ? {} : { 'session.disable_prepacking': '1' },
  });
  const tensors: Record<string, HostTensor> = { ...benchBatch(config, 4, 256), ...state.feeds(), ...hoisted.constantFeeds };
  const feeds = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, toOrtTensor(t)]));
  return { nodes: built.graph.nodes.length, run: () => session.run(feeds), release: () => session.release() };
}

async function main(): Promise<void> {
  const config = { ...PRESETS['smollm2-135m']!.config, num_hidden_layers: opts.layers };
  const weights = benchWeights(config);
  const builds = [
    { name: `A (${opts.a ?? 'this checkout'}, ${opts.aSession})`, ...(await graphRunner(await builderFrom(opts.a), config, weights, opts.aSession)) },
    { name: `B (${opts.b ?? 'this checkout'}, ${opts.bSession})`, ...(await graphRunner(await builderFrom(opts.b), config, weights, opts.bSession)) },
  ];
  for (const build of builds) await build.run();
  const cpuMs = builds.map(() => [] as number[]);
  for (let round = 0; round < opts.rounds; round++) {
    // Alternate which build goes first, so neither always follows the other's cache state.
    for (const i of round % 2 === 0 ? [0, 1] : [1, 0]) {
      const before = process.cpuUsage();
      await builds[i]!.run();
      const used = process.cpuUsage(before);
      cpuMs[i]!.push((used.user + used.system) / 1000);
    }
  }
  await Promise.all(builds.map((b) => b.release()));
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  process.stdout.write(`smollm2-135m LoRA training graph, ${opts.layers} layers${opts.recompute ? ', recomputation' : ''}, 4 × 256 tokens, 1 thread, CPU ms per run:\n`);
  builds.forEach((build, i) => {
    process.stdout.write(`  ${build.name}: ${build.nodes} nodes, best ${Math.min(...cpuMs[i]!).toFixed(0)}, median ${median(cpuMs[i]!).toFixed(0)} (${cpuMs[i]!.map((x) => x.toFixed(0)).join(', ')})\n`);
  });
}

main().catch((error: Error) => {
  process.stderr.write(`ab-train-graph: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
