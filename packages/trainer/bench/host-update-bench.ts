/**
 * The host part of a full fine-tuning step alone: the global gradient norm and the AdamW update (with
 * clipping) over every weight of a preset, on random values. Reports CPU time (process.cpuUsage, which
 * other processes inflate far less than wall time) and wall time, best of `rounds`.
 *
 *   npx tsx packages/trainer/bench/host-update-bench.ts [--preset smollm2-135m --rounds 5]
 */
import os from 'node:os';
import { Command } from 'commander';
import { fillNormal, mulberry32 } from '../src/data/seeded-random';
import { expectedWeightShapes } from '../src/io/model-folder/llama-weight-layout';
import { AdamW } from '../src/optim/adamw';
import { clipCoefficient, globalGradNorm } from '../src/optim/grad-clip';
import { PRESETS } from './presets/presets';
import { positiveInt } from './int-options';

const opts = new Command('host-update-bench')
  .option('--preset <name>', `one of ${Object.keys(PRESETS).join(', ')}`, 'smollm2-135m')
  .option('--rounds <n>', 'timed rounds (the best is reported)', positiveInt, 5)
  .parse()
  .opts<{ preset: string; rounds: number }>();

/** CPU and wall seconds of `fn`. */
function timed(fn: () => void): { cpu: number; wall: number } {
  const cpu = process.cpuUsage();
  const start = performance.now();
  fn();
  const used = process.cpuUsage(cpu);
  return { cpu: (used.user + used.system) / 1e6, wall: (performance.now() - start) / 1000 };
}

function main(): void {
  const preset = PRESETS[opts.preset];
  if (!preset) throw new Error(`unknown preset '${opts.preset}'`);
  const random = mulberry32(3);
  const params: Record<string, Float32Array> = {};
  const grads: Record<string, Float32Array> = {};
  const specs = [...expectedWeightShapes(preset.config)].map(([name, shape]) => {
    const size = shape.reduce((n, d) => n * d, 1);
    params[name] = fillNormal(new Float32Array(size), 0.02, random);
    grads[name] = fillNormal(new Float32Array(size), 1e-3, random);
    return { name, size, decay: !name.endsWith('norm.weight') };
  });
  const count = specs.reduce((n, s) => n + s.size, 0);
  const optimizer = new AdamW(specs, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 });
  const gradList = specs.map((s) => grads[s.name]!);
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`${opts.preset}: ${(count / 1e6).toFixed(1)} M parameters; load average ${load()}\n`);
  const best = { norm: { cpu: Infinity, wall: Infinity }, update: { cpu: Infinity, wall: Infinity } };
  for (let round = 0; round < opts.rounds; round++) {
    let norm = 0;
    const n = timed(() => (norm = globalGradNorm(gradList)));
    // A clipping scale below 1, the path a real step with maxGradNorm takes when gradients are large.
    const u = timed(() => optimizer.update(params, grads, 1e-5, clipCoefficient(norm, norm / 2)));
    for (const [key, t] of [['norm', n], ['update', u]] as const) {
      best[key].cpu = Math.min(best[key].cpu, t.cpu);
      best[key].wall = Math.min(best[key].wall, t.wall);
    }
  }
  const ms = (s: number) => `${(s * 1e3).toFixed(0)} ms`;
  process.stdout.write(
    `gradient norm: cpu ${ms(best.norm.cpu)}, wall ${ms(best.norm.wall)}\n` +
      `AdamW update (clipped): cpu ${ms(best.update.cpu)}, wall ${ms(best.update.wall)}\n` +
      `best of ${opts.rounds}; load average at the end ${load()}\n`,
  );
}

main();
