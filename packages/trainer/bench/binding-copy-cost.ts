/**
 * What onnxruntime-node 1.30's output copy costs a full fine-tuning step. The binding writes each output
 * into the tensor it is given (the trainer's gradient buffers), then still returns a fresh copy of it: an
 * ArrayBuffer allocated and filled per output per run (GraphSession.run frees it at once). This runs a
 * graph whose outputs have the preset's gradient shapes (y = x + x: one pass over each tensor) through
 * GraphSession with preallocated outputs, the trainer's way, and prints per run the wall and CPU time
 * (user and system) and the minor page faults (process.resourceUsage), beside a JS pass writing the same
 * bytes into warm buffers (y[i] = x[i] + x[i]), the floor of the graph's own work on one thread.
 *
 *   npx tsx bench/binding-copy-cost.ts [--preset smollm2-135m --rounds 5 --threads 1]
 */
import os from 'node:os';
import { Command } from 'commander';
import { GraphBuilder } from '../src/graph/graph-builder';
import * as op from '../src/graph/ops';
import { expectedWeightShapes } from '../src/io/model-folder/llama-weight-layout';
import { sessionForGraph } from '../src/runtime/session-for-graph';
import type { HostTensor } from '../src/tensor/host-tensor';
import { nonNegativeInt, positiveInt } from './int-options';
import { PRESETS } from './presets/presets';

const opts = new Command('binding-copy-cost')
  .option('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`, 'smollm2-135m')
  .option('--rounds <n>', 'timed runs of each (the best is reported)', positiveInt, 5)
  .option('--threads <n>', 'intra-op threads (0: one per core)', nonNegativeInt, 1)
  .parse()
  .opts<{ preset: string; rounds: number; threads: number }>();

interface Cost {
  wall: number;
  user: number;
  system: number;
  faults: number;
}

async function measure(fn: () => unknown): Promise<Cost> {
  const before = process.resourceUsage();
  const start = performance.now();
  await fn();
  const after = process.resourceUsage();
  return { wall: performance.now() - start, user: (after.userCPUTime - before.userCPUTime) / 1000, system: (after.systemCPUTime - before.systemCPUTime) / 1000, faults: after.minorPageFault - before.minorPageFault };
}

async function main(): Promise<void> {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset '${opts.preset}'`);
  const shapes = [...expectedWeightShapes(preset.config)].map(([, shape]) => shape);
  const b = new GraphBuilder('outputs-like-gradients');
  const feeds: Record<string, HostTensor> = {};
  const into: Record<string, HostTensor> = {};
  for (const [i, shape] of shapes.entries()) {
    const x = b.input(`x${i}`, 'float32', shape);
    b.output(op.add(b, x, x), `y${i}`);
    const size = shape.reduce((n, d) => n * d, 1);
    feeds[`x${i}`] = { dtype: 'float32', shape, data: new Float32Array(size).fill(0.5) };
    into[`y${i}`] = { dtype: 'float32', shape, data: new Float32Array(size) };
  }
  const bytes = Object.values(into).reduce((n, t) => n + t.data.byteLength, 0);
  const session = await sessionForGraph(b.build(), { intraOpNumThreads: opts.threads, interOpNumThreads: 1 });
  const outputs = Object.keys(into);
  const jsPass = () => {
    for (const name of outputs) {
      const x = feeds[`x${name.slice(1)}`]!.data as Float32Array;
      const y = into[name]!.data as Float32Array;
      for (let i = 0; i < y.length; i++) y[i] = x[i]! + x[i]!;
    }
  };
  await session.run(feeds, outputs, into);
  jsPass();
  const best = { graph: [] as Cost[], js: [] as Cost[] };
  for (let round = 0; round < opts.rounds; round++) {
    best.graph.push(await measure(() => session.run(feeds, outputs, into)));
    best.js.push(await measure(jsPass));
  }
  await session.release();
  const line = (name: string, runs: Cost[]) => {
    const fastest = runs.reduce((a, c) => (c.user + c.system < a.user + a.system ? c : a));
    return `  ${name}: wall ${fastest.wall.toFixed(0)} ms, CPU user ${fastest.user.toFixed(0)} ms + system ${fastest.system.toFixed(0)} ms, ${fastest.faults} minor page faults\n`;
  };
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(
    `${opts.preset}: ${shapes.length} outputs, ${(bytes / 1e6).toFixed(0)} MB, intra-op threads ${opts.threads || 'one per core'}; per run, the run of least CPU of ${opts.rounds}:\n` +
      line('GraphSession.run, outputs into the gradient buffers', best.graph) +
      line('JS pass writing the same bytes into warm buffers', best.js) +
      `(${(bytes / 4096).toFixed(0)} pages of 4 KB in the outputs; load average ${load()})\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`binding-copy-cost: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
