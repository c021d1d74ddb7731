/**
 * CPU time this process burns while idle right after a 2-thread MatMul run, with ONNX Runtime's
 * default spinning and with `session.force_spinning_stop` (what GraphSession sets). CPU time, not wall
 * time, so a busy machine changes it little: a spinning worker uses whatever core it gets.
 *
 *   npx tsx bench/spin-after-run.ts [--idle-ms 300] [--rounds 5]
 */
import { Command } from 'commander';
import * as ort from 'onnxruntime-node';
import { fillNormal, mulberry32 } from '../src/data/seeded-random';
import { serializeModel } from '../src/graph/export-onnx';
import { GraphBuilder } from '../src/graph/graph-builder';
import * as op from '../src/graph/ops';
import { toOrtTensor } from '../src/runtime/ort-tensors';
import { positiveInt } from './int-options';

const opts = new Command('spin-after-run')
  .option('--idle-ms <n>', 'idle time measured after each run', positiveInt, 300)
  .option('--rounds <n>', 'runs per setting', positiveInt, 5)
  .parse()
  .opts<{ idleMs: number; rounds: number }>();

const n = 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function idleCpuAfterRuns(stopSpinning: boolean): Promise<number[]> {
  const b = new GraphBuilder('matmul');
  b.output(op.matMul(b, b.input('a', 'float32', [n, n]), b.input('b', 'float32', [n, n]), 'c'));
  const session = await ort.InferenceSession.create(serializeModel(b.build()), {
    intraOpNumThreads: 2,
    interOpNumThreads: 1,
    extra: stopSpinning ? { 'session.force_spinning_stop': '1' } : {},
  });
  const random = mulberry32(1);
  const matrix = () => toOrtTensor({ dtype: 'float32', shape: [n, n], data: fillNormal(new Float32Array(n * n), 1, random) });
  const feeds = { a: matrix(), b: matrix() };
  const idle: number[] = [];
  for (let i = 0; i < opts.rounds; i++) {
    await session.run(feeds);
    const before = process.cpuUsage();
    await sleep(opts.idleMs);
    const used = process.cpuUsage(before);
    idle.push((used.user + used.system) / 1000);
  }
  await session.release();
  return idle;
}

async function main(): Promise<void> {
  for (const stop of [false, true, false, true]) {
    const idle = await idleCpuAfterRuns(stop);
    process.stdout.write(`${stop ? 'force_spinning_stop' : 'default spinning   '}: CPU ms used in the ${opts.idleMs} ms after each run: ${idle.map((x) => x.toFixed(0)).join(', ')}\n`);
  }
}

main().catch((error: Error) => {
  process.stderr.write(`spin-after-run: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
