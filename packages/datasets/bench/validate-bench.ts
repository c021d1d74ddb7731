/**
 * Validation throughput and memory on a large chat JSONL streamed from disk.
 *
 *   npm run bench:datasets -- [--size-mb=500] [--modes=plain,production]
 *
 * Generates the file once in os.tmpdir(), then runs each mode in a fresh child
 * process (so one mode's heap can't inflate the other's RSS) and prints MB/s (wall
 * clock, and per CPU-second since the machine may be shared) and peak RSS
 * (process.memoryUsage.rss() sampled every 5 ms while validating).
 *   plain       validateDataset without a token counter
 *   production  with the counter the worker uses: @whetstone/services' tokenizerTokenCounter over
 *               @whetstone/tokenizer's loadTokenizer of the Llama 3 folder (Jinja render + the
 *               tokenizer's generic fast counter)
 */
import { fork } from 'node:child_process';
import { createReadStream, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateDataset, type ValidationReport } from '../src';
import { generateChatJsonl } from './generate-chat-jsonl';
import { runProduction } from './production-counter';

type Mode = 'plain' | 'production';

export interface ModeResult {
  mode: Mode;
  seconds: number;
  mbPerSecond: number;
  /** MB per second of CPU time (user + system, all threads): less sensitive to a busy machine. */
  mbPerCpuSecond: number;
  peakRssMb: number;
  rssBeforeMb: number;
  examples: number;
  errors: number;
  notes: string[];
}

const MB = 1_000_000;

function arg(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((a) => a.startsWith(prefix))?.slice(prefix.length);
}

async function main(): Promise<void> {
  const child = arg('child') as Mode | undefined;
  const file = arg('file');
  if (child && file) {
    const result = child === 'plain' ? await runPlain(file) : await runProduction(file, measured, stream);
    process.send!(result);
    return;
  }

  const sizeMb = Number(arg('size-mb') ?? 500);
  const modes = (arg('modes') ?? 'plain,production').split(',') as Mode[];
  const target = path.join(os.tmpdir(), `whetstone-bench-chat-${sizeMb}mb-v2.jsonl`);
  const started = performance.now();
  const generated = await generateChatJsonl(target, sizeMb * MB);
  const generatedNote = generated.lines < 0 ? 'reused' : `generated in ${((performance.now() - started) / 1000).toFixed(1)} s`;
  console.log(`file: ${target} (${(generated.bytes / MB).toFixed(0)} MB, ${generatedNote})`);
  console.log(`node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

  for (const mode of modes) {
    const result = await runChild(mode, target);
    console.log(
      `${mode.padEnd(10)} ${result.mbPerSecond.toFixed(1).padStart(7)} MB/s (${result.mbPerCpuSecond.toFixed(1)} MB per CPU-s)  ${result.seconds.toFixed(1).padStart(6)} s  ` +
        `peak RSS ${result.peakRssMb.toFixed(0)} MB (before run ${result.rssBeforeMb.toFixed(0)} MB)  ` +
        `${result.examples} examples, ${result.errors} errors`,
    );
    for (const note of result.notes) console.log(`           ${note}`);
  }
}

function runChild(mode: Mode, file: string): Promise<ModeResult> {
  return new Promise((resolve, reject) => {
    const child = fork(process.argv[1]!, [`--child=${mode}`, `--file=${file}`], { execArgv: [...process.execArgv, '--expose-gc'] });
    let result: ModeResult | undefined;
    child.on('message', (message) => (result = message as ModeResult));
    child.on('error', reject);
    child.on('exit', (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${mode} run exited with ${code}`))));
  });
}

/** Peak RSS while `work` runs. */
export async function measured(file: string, work: () => Promise<ValidationReport>): Promise<Omit<ModeResult, 'mode' | 'notes'>> {
  (globalThis as { gc?: () => void }).gc?.();
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const report = await work();
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return {
    seconds,
    mbPerSecond: statSync(file).size / MB / seconds,
    mbPerCpuSecond: statSync(file).size / MB / ((cpu.user + cpu.system) / 1e6),
    peakRssMb: peak / MB,
    rssBeforeMb: rssBefore / MB,
    examples: report.examples,
    errors: report.errors.total,
  };
}

export function stream(file: string): AsyncIterable<Uint8Array> {
  return createReadStream(file, { highWaterMark: 1 << 20 });
}

async function runPlain(file: string): Promise<ModeResult> {
  return { mode: 'plain', notes: [], ...(await measured(file, () => validateDataset(stream(file)))) };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
