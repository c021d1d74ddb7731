/**
 * How steady the MatMul peak probe is on this machine: runs each n×n probe (B fed, as the preset bench
 * does) `rounds` times, taking turns, and prints min / median / best GFLOP/s per size with the load
 * average, so a bench's "% of the in-run peak" can be judged against the probe's own spread.
 *
 *   npx tsx packages/trainer/bench/matmul-peak-spread.ts [--sizes 1024,2048 --rounds 20 --threads 0]
 */
import os from 'node:os';
import { Command } from 'commander';
import { matmulPeakProbe } from './matmul-peak';
import { nonNegativeInt } from './int-options';

const opts = new Command('matmul-peak-spread')
  .option('--sizes <list>', 'n of the n×n probes', (v) => v.split(',').map(Number), [1024, 2048])
  .option('--rounds <n>', 'runs of each probe', nonNegativeInt, 20)
  .option('--threads <n>', 'intra-op threads (0: one per core)', nonNegativeInt, 0)
  .parse()
  .opts<{ sizes: number[]; rounds: number; threads: number }>();

async function main(): Promise<void> {
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  process.stdout.write(`load average ${load()}, intra-op threads ${opts.threads || 'one per core'}, ${opts.rounds} runs each\n`);
  const probes = await Promise.all(opts.sizes.map((n) => matmulPeakProbe(n, 'fed', { intraOpNumThreads: opts.threads, interOpNumThreads: 1 })));
  const rates: number[][] = probes.map(() => []);
  for (const p of probes) await p.run(); // warmup
  for (let round = 0; round < opts.rounds; round++) {
    for (const [i, p] of probes.entries()) {
      const start = performance.now();
      await p.run();
      rates[i]!.push(p.flops / ((performance.now() - start) / 1000) / 1e9);
    }
  }
  await Promise.all(probes.map((p) => p.release()));
  for (const [i, n] of opts.sizes.entries()) {
    const sorted = [...rates[i]!].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    process.stdout.write(`${n}³: min ${at(0)}  median ${at(0.5)}  best ${at(1)} GFLOP/s  (in run order: ${rates[i]!.map((r) => r.toFixed(0)).join(' ')})\n`);
  }
  process.stdout.write(`load average at the end ${load()}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`matmul-peak-spread: ${error.stack ?? error.message}\n`);
  process.exitCode = 1;
});
