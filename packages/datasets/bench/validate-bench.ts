/**
 * Validation throughput and memory on a large chat JSONL streamed from disk.
 *
 *   npm run bench:datasets -- [--size-mb=500] [--modes=plain,tokens,production]
 *
 * Generates the file once in os.tmpdir(), then runs each mode in a fresh child
 * process (so one mode's heap can't inflate the other's RSS) and prints MB/s (wall
 * clock, and per CPU-second since the machine may be shared) and peak RSS
 * (process.memoryUsage.rss() sampled every 5 ms while validating).
 *   plain       validateDataset without a token counter
 *   tokens      with exact Llama 3 token counts (real tokenizer.json, cached per piece) by this
 *               benchmark's own Llama 3-only counter (template hard-coded, no Jinja)
 *   production  with the counter the worker uses: @whetstone/services' tokenizerTokenCounter over
 *               @whetstone/tokenizer's loadTokenizer of the Llama 3 folder (Jinja render + the
 *               tokenizer's generic fast counter)
 */
import { fork } from 'node:child_process';
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateDataset, type ChatExample, type TokenCounter, type ValidationReport } from '../src';
import { generateChatJsonl } from './generate-chat-jsonl';
import { pieceEnds, LLAMA3_SPLIT } from './llama3-pretokenizer';
import { CachedLlama3Encoder, Llama3ChatTokenCounter, loadLlama3Tokenizer } from './llama3-token-counter';
import { runProduction } from './production-counter';

type Mode = 'plain' | 'tokens' | 'production';

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
    const result = child === 'plain' ? await runPlain(file) : child === 'tokens' ? await runTokens(file) : await runProduction(file, measured, stream);
    process.send!(result);
    return;
  }

  const sizeMb = Number(arg('size-mb') ?? 500);
  const modes = (arg('modes') ?? 'plain,tokens,production').split(',') as Mode[];
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

async function runTokens(file: string): Promise<ModeResult> {
  const loadStarted = performance.now();
  const tokenizer = loadLlama3Tokenizer();
  const notes = [`llama3 tokenizer loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`];
  const encoder = new CachedLlama3Encoder(tokenizer);
  const counter = new Llama3ChatTokenCounter(encoder);
  notes.push(selfCheck(file, encoder, counter));
  const result = await measured(file, () => validateDataset(stream(file), { tokenCounter: counter, contextLength: 8192 }));
  notes.push(`piece cache: ${encoder.lookups} lookups, ${encoder.misses} misses (${((100 * encoder.misses) / encoder.lookups).toFixed(2)} %)`);
  return { mode: 'tokens', notes, ...result };
}

/**
 * Before timing anything, prove the fast path counts what the tokenizer counts on
 * the first examples of the file: the ASCII scanner splits like the regex, cached
 * piece counts add up to a whole-text encode, and the chat counter matches the
 * Llama 3 template rendered and encoded in one piece.
 */
function selfCheck(file: string, encoder: CachedLlama3Encoder, counter: TokenCounter): string {
  const head = Buffer.alloc(2 * MB);
  const fd = openSync(file, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const rows = head.toString('utf8', 0, read).split('\n').slice(0, 400).filter((l) => l.endsWith('}'));
  const ends: number[] = [];
  let checked = 0;
  for (const row of rows) {
    const example: ChatExample = { format: 'chat', ...(JSON.parse(row) as Omit<ChatExample, 'format'>) };
    for (const message of example.messages) {
      const text = message.content ?? '';
      pieceEnds(text, ends);
      const pieces = ends.map((end, i) => text.slice(i === 0 ? 0 : ends[i - 1], end));
      if (pieces.join('\u0000') !== (text.match(LLAMA3_SPLIT) ?? []).join('\u0000')) throw new Error(`pre-tokenizer disagrees on ${JSON.stringify(text)}`);
      if (encoder.count(text) !== encoder.encodeLength(text)) throw new Error(`cached count disagrees on ${JSON.stringify(text)}`);
    }
    const rendered =
      '<|begin_of_text|>' +
      example.messages.map((m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${(m.content ?? '').trim()}<|eot_id|>`).join('');
    const counted = counter.countExample(example).total;
    if (counted !== encoder.encodeLength(rendered)) throw new Error(`chat count ${counted} disagrees with the rendered template on ${row}`);
    checked += 1;
  }
  return `self-check: ${checked} examples counted identically by the cached counter and a whole-text encode of the Llama 3 template`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
