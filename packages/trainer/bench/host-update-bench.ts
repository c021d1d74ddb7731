/**
 * The host part of a full fine-tuning step alone: the global gradient norm and the AdamW update (with
 * clipping) over every weight of a preset, on random values. Reports CPU time (process.cpuUsage, which
 * other processes inflate far less than wall time; with the helper thread it counts both threads) and
 * wall time, best of `rounds`, for the update on this thread alone and split with the AdamW helper
 * thread (AdamW.updateSplit), taking turns, and checks that both give the same bits.
 *
 *   npx tsx packages/trainer/bench/host-update-bench.ts [--preset smollm2-135m --rounds 5]
 */
import os from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Command } from 'commander';
import { fillNormal, mulberry32 } from '../src/data/seeded-random';
import { expectedWeightShapes } from '../src/io/model-folder/llama-weight-layout';
import { AdamW } from '../src/optim/adamw';
import { AdamWHelperThread } from '../src/optim/adamw-helper-thread';
import { lentBuffers } from '../src/optim/helper-messages';
import { helperShare } from '../src/optim/split-for-helper';
import { copyIntoOneBuffer } from '../src/optim/views-of-one-buffer';
import { clipCoefficient, globalGradNorm } from '../src/optim/grad-clip';
import { PRESETS } from './presets/presets';
import { positiveInt } from './int-options';

const opts = new Command('host-update-bench')
  .option('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`, 'smollm2-135m')
  .option('--rounds <n>', 'timed rounds (the best is reported)', positiveInt, 5)
  .parse()
  .opts<{ preset: string; rounds: number }>();

/** CPU and wall seconds of `fn`. */
async function timed(fn: () => unknown): Promise<{ cpu: number; wall: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - start) / 1000 };
}

type Tensors = Record<string, Float32Array>;

async function main(): Promise<void> {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset '${opts.preset}'`);
  const random = mulberry32(3);
  /** The same parameters and gradients twice: one copy for each way of updating. */
  const alone: { params: Tensors; grads: Tensors } = { params: {}, grads: {} };
  const split: { params: Tensors; grads: Tensors } = { params: {}, grads: {} };
  const specs = [...expectedWeightShapes(preset.config)].map(([name, shape]) => {
    const size = shape.reduce((n, d) => n * d, 1);
    alone.params[name] = fillNormal(new Float32Array(size), 0.02, random);
    alone.grads[name] = fillNormal(new Float32Array(size), 1e-3, random);
    split.params[name] = alone.params[name].slice();
    split.grads[name] = alone.grads[name].slice();
    return { name, size, decay: !name.endsWith('norm.weight') };
  });
  const count = specs.reduce((n, s) => n + s.size, 0);
  // The helper's tensors as views of one parameter buffer and one gradient buffer, as the trainer holds them.
  const helperNames = helperShare(specs);
  for (const kind of ['params', 'grads'] as const) {
    const packed = copyIntoOneBuffer([...helperNames].map((name) => split[kind][name]!));
    for (const [i, name] of [...helperNames].entries()) split[kind][name] = packed[i]!;
  }
  const hyper = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
  const optimizers = { alone: new AdamW(specs, hyper), split: new AdamW(specs, hyper) };
  const helper = AdamWHelperThread.start();
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`${opts.preset}: ${(count / 1e6).toFixed(1)} M parameters; load average ${load()}\n`);
  const best = {
    norm: { cpu: Infinity, wall: Infinity },
    alone: { cpu: Infinity, wall: Infinity },
    split: { cpu: Infinity, wall: Infinity },
    transfer: { cpu: Infinity, wall: Infinity },
  };
  const keep = (key: keyof typeof best, t: { cpu: number; wall: number }) => {
    best[key].cpu = Math.min(best[key].cpu, t.cpu);
    best[key].wall = Math.min(best[key].wall, t.wall);
  };
  for (let round = 0; round < opts.rounds; round++) {
    let norm = 0;
    keep('norm', await timed(() => (norm = globalGradNorm(specs.map((s) => alone.grads[s.name]!)))));
    // A clipping scale below 1, the path a real step with maxGradNorm takes when gradients are large.
    const scale = clipCoefficient(norm, norm / 2);
    keep('alone', await timed(() => optimizers.alone.update(alone.params, alone.grads, 1e-5, scale)));
    keep(
      'split',
      await timed(async () => {
        const returned = await optimizers.split.updateSplit(helper, helperNames, split.params, split.grads, 1e-5, scale);
        for (const [name, r] of returned) {
          split.params[name] = r.p;
          split.grads[name] = r.g;
        }
      }),
    );
    // The round trip alone: the helper's two buffers there and back, no arithmetic.
    keep('transfer', await timed(() => roundTrip(split, helperNames)));
  }
  const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const same = specs.every((s) => bits(alone.params[s.name]!).equals(bits(split.params[s.name]!)));
  await helper.close();
  const ms = (s: number) => `${(s * 1e3).toFixed(1)} ms`;
  process.stdout.write(
    `gradient norm: cpu ${ms(best.norm.cpu)}, wall ${ms(best.norm.wall)}\n` +
      `AdamW update (clipped), this thread alone: cpu ${ms(best.alone.cpu)}, wall ${ms(best.alone.wall)}\n` +
      `AdamW update (clipped), split with the helper thread: cpu ${ms(best.split.cpu)} (both threads), wall ${ms(best.split.wall)}\n` +
      `round trip of the helper's parameter and gradient buffers through a MessageChannel, no update: cpu ${ms(best.transfer.cpu)}, wall ${ms(best.transfer.wall)}\n` +
      `parameters after ${opts.rounds} updates bit-identical between the two: ${same ? 'yes' : 'NO'}\n` +
      `best of ${opts.rounds}; load average at the end ${load()}\n`,
  );
}

/**
 * The helper's tensors transferred through a MessageChannel and back (the mechanism updateSplit uses,
 * without the arithmetic), rebinding the arrays to what came back.
 */
async function roundTrip(tensors: { params: Tensors; grads: Tensors }, names: ReadonlySet<string>): Promise<void> {
  const { port1, port2 } = new MessageChannel();
  type Message = { name: string; p: Float32Array; g: Float32Array }[];
  const out: Message = [...names].map((name) => ({ name, p: tensors.params[name]!, g: tensors.grads[name]! }));
  const buffers = (m: Message) => lentBuffers(m);
  port2.on('message', (m: Message) => port2.postMessage(m, buffers(m)));
  const back = new Promise<Message>((resolve) => port1.once('message', resolve));
  port1.postMessage(out, buffers(out));
  for (const { name, p, g } of await back) {
    tensors.params[name] = p;
    tensors.grads[name] = g;
  }
  port1.close();
  port2.close();
}

void main();
