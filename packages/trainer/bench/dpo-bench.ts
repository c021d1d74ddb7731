/**
 * DPO step speed of the engine on this machine:
 *
 *   npm run bench:dpo -w @whetstone/trainer -- [--hidden 512 --layers 8 --heads 8 --kv-heads 8
 *     --intermediate 1408 --vocab 1024 --seq 256 --pairs 4 --lora-r 16 --threads 0 --methods lora,full]
 *
 * A step trains on `pairs` preference pairs: 2·pairs sequences of `seq` tokens (a prompt half, not
 * scored, and a completion half). For LoRA and full fine-tuning it times the one-off reference pass
 * (the frozen model scores each sequence once; DpoTrainer caches it), a whole DpoTrainer step
 * (forward + backward of the policy over both sequences of every pair, the DPO loss, AdamW on the
 * host) and, for scale, a supervised LlamaTrainer step on the same 2·pairs rows. Reports pairs/s and
 * tokens/s (all 2·pairs·seq tokens the step runs through the model) and the matmul GFLOP/s.
 */
import os from 'node:os';
import { Command } from 'commander';
import { collatePreferenceBatch } from '../src/data/preference-batch';
import { mulberry32 } from '../src/data/seeded-random';
import type { TokenizedPreferencePair } from '../src/data/tokenize-preference';
import { DpoTrainer } from '../src/dpo/dpo-trainer';
import type { LlamaConfig } from '../src/model/llama-config';
import type { LoraSettings } from '../src/model/lora';
import type { RuntimeConfig } from '../src/runtime/runtime-config';
import { LlamaTrainer, type LlamaTrainerOptions } from '../src/train/llama-trainer';
import { benchConfig, benchWeights } from './bench-model';
import { stepFlops } from './step-flops';
import { nonNegativeInt } from './int-options';
import { withModelShapeOptions } from './model-shape-options';

const opts = withModelShapeOptions(new Command('dpo-bench'))
  .option('--seq <n>', 'tokens per sequence (prompt half + completion half)', nonNegativeInt, 256)
  .option('--pairs <n>', 'preference pairs per step (2 sequences each)', nonNegativeInt, 4)
  .option('--lora-r <n>', 'LoRA rank (all linear layers)', nonNegativeInt, 16)
  .option('--threads <n>', 'ONNX Runtime intra-op threads (0: one per core)', nonNegativeInt, 0)
  .option('--warmup <n>', 'untimed steps first', nonNegativeInt, 1)
  .option('--iterations <n>', 'timed steps (the fastest is reported: the machine may be shared)', nonNegativeInt, 3)
  .option('--methods <list>', 'lora, full or both', (v) => v.split(','), ['lora', 'full'])
  .parse()
  .opts<{
    hidden: number; layers: number; heads: number; kvHeads: number; intermediate: number; vocab: number; seq: number; pairs: number;
    loraR: number; threads: number; warmup: number; iterations: number; methods: string[];
  }>();

const runtime: Partial<RuntimeConfig> = { intraOpNumThreads: opts.threads, interOpNumThreads: 1 };
const config: LlamaConfig = benchConfig(opts);
const weights = benchWeights(config);
const lora: LoraSettings = { r: opts.loraR, alpha: 2 * opts.loraR, dropout: 0, targetModules: 'all-linear' };
const rowsPerStep = 2 * opts.pairs;
const tokens = rowsPerStep * opts.seq;

/** `pairs` pairs of random sequences sharing a prompt of seq/2 tokens; the completions (the other half) are scored. */
function preferencePairs(seed: number): TokenizedPreferencePair[] {
  const random = mulberry32(seed);
  const token = () => Math.floor(random() * config.vocab_size);
  const promptLength = Math.floor(opts.seq / 2);
  return Array.from({ length: opts.pairs }, () => {
    const prompt = Array.from({ length: promptLength }, token);
    const sequence = () => {
      const inputIds = [...prompt, ...Array.from({ length: opts.seq - promptLength }, token)];
      return { inputIds, weights: inputIds.map((_, t) => (t < promptLength ? 0 : 1)) };
    };
    return { chosen: sequence(), rejected: sequence(), promptLength };
  });
}

interface Row {
  method: string;
  reference: number;
  dpoStep: number;
  sftStep: number;
  flops: number;
}

async function measure(method: 'lora' | 'full'): Promise<Row> {
  const trainerOptions: LlamaTrainerOptions = {
    config,
    weights,
    method: method === 'lora' ? { kind: 'lora', lora } : { kind: 'full' },
    schedule: { type: 'constant', baseLr: 1e-6, warmupSteps: 0, totalSteps: 1000 },
    maxGradNorm: 1,
    seed: 1,
    runtime,
  };
  const batch = collatePreferenceBatch(preferencePairs(7), { padId: 0, padToLength: opts.seq });
  const dpo = await DpoTrainer.create({ ...trainerOptions, dpo: { beta: 0.1 } });
  const sft = await LlamaTrainer.create(trainerOptions);
  await dpo.reference.forBatch(batch); // the DPO step then reads the reference from the cache, as in training
  let fresh = 100;
  const times = await interleavedFastest(
    {
      reference: () => dpo.reference.forBatch(collatePreferenceBatch(preferencePairs(fresh++), { padId: 0, padToLength: opts.seq })),
      dpoStep: () => dpo.trainStep([batch]),
      sftStep: () => sft.trainStep([batch]),
    },
    opts.warmup,
    opts.iterations,
  );
  await Promise.all([dpo.close(), sft.close()]);

  const { forward, backward } = stepFlops({ config, batch: rowsPerStep, seq: opts.seq, lora: method === 'lora' ? lora : undefined });
  return { method, ...times, flops: forward + backward };
}

/**
 * Fastest run of each probe, in seconds, the probes taking turns (one run each per round): on a shared
 * machine each gets the same chance at the quiet moments, and the fastest run is the least disturbed.
 */
async function interleavedFastest<K extends string>(probes: Record<K, () => Promise<unknown>>, warmup: number, rounds: number): Promise<Record<K, number>> {
  const names = Object.keys(probes) as K[];
  for (let i = 0; i < warmup; i++) for (const name of names) await probes[name]();
  const fastest = Object.fromEntries(names.map((n) => [n, Infinity])) as Record<K, number>;
  for (let round = 0; round < rounds; round++) {
    for (const name of names) {
      const start = performance.now();
      await probes[name]();
      fastest[name] = Math.min(fastest[name], (performance.now() - start) / 1000);
    }
  }
  return fastest;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(
    `config: hidden ${opts.hidden}, ${opts.layers} layers, ${opts.heads} heads (${opts.kvHeads} kv), intermediate ${opts.intermediate}, vocab ${opts.vocab}; ` +
      `${opts.pairs} pairs × 2 sequences × ${opts.seq} tokens = ${tokens} tokens a step (completion half scored); LoRA r=${opts.loraR} on all linear layers\n` +
      `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), intra-op threads ${opts.threads || 'default (one per core)'}, load average ${load()}\n\n`,
  );
  const rows: Row[] = [];
  for (const method of opts.methods) rows.push(await measure(method as 'lora' | 'full'));
  const header = ['method', 'reference ms', 'DPO step ms', 'pairs/s', 'tokens/s', 'GFLOP/s', 'SFT step ms', 'DPO/SFT'];
  const widths = [8, 13, 12, 8, 9, 8, 12, 8];
  process.stdout.write(`${pad(header, widths)}\n`);
  for (const r of rows) {
    process.stdout.write(
      pad(
        [
          r.method,
          (r.reference * 1e3).toFixed(0),
          (r.dpoStep * 1e3).toFixed(0),
          (opts.pairs / r.dpoStep).toFixed(2),
          (tokens / r.dpoStep).toFixed(0),
          (r.flops / r.dpoStep / 1e9).toFixed(1),
          (r.sftStep * 1e3).toFixed(0),
          (r.dpoStep / r.sftStep).toFixed(2),
        ],
        widths,
      ) + '\n',
    );
  }
  process.stdout.write(
    `\nreference ms: the frozen model scoring one new batch (once per pair in a run, then cached); DPO step ms: fastest of ${opts.iterations} DpoTrainer steps ` +
      `with the reference cached (probes interleaved round by round); SFT step ms: LlamaTrainer on the same ${rowsPerStep} rows; GFLOP/s: forward+backward matmul FLOPs (bench/step-flops.ts) per DPO step second. ` +
      `Load average at the end: ${load()}\n`,
  );
}

main().catch((error: Error) => {
  process.stderr.write(`dpo-bench: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
