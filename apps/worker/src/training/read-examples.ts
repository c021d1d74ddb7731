import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { DEFAULT_MAX_LINE_BYTES, readLines, splitHeldOut } from '@whetstone/datasets';
import { parseSupervisedLine, type PreferenceExample, type SupervisedExample } from '@whetstone/trainer';

/** Thrown for data the job cannot train on: the job fails once with this message (no retry). */
export class TrainingDataError extends Error {}

export type ExampleParser<T> = (line: string, where: string) => T;

/**
 * The non-blank lines of a (validated) JSONL file, streamed: memory holds one line (at most
 * DEFAULT_MAX_LINE_BYTES, the validation limit), never the file, so a 1 GiB upload does not need
 * a 1 GiB string (V8 cannot even make one over about 512 MiB). Each line is trimmed, the BOM of
 * line 1 dropped, as validation saw them.
 */
export async function* jsonlLines(path: string, source: string): AsyncGenerator<{ text: string; line: number }> {
  for await (const event of readLines(createReadStream(path), { maxLineBytes: DEFAULT_MAX_LINE_BYTES })) {
    if (event.kind === 'line_too_long') throw new TrainingDataError(`${source}:${event.line}: a line longer than ${DEFAULT_MAX_LINE_BYTES} bytes`);
    if (event.kind === 'invalid_utf8') throw new TrainingDataError(`${source}:${event.line}: not valid UTF-8`);
    const text = event.text.trim();
    if (text !== '') yield { text, line: event.line };
  }
}

/** Parses every line of a JSONL file as it streams in; a bad line fails with its line number. */
export async function readExamples<T>(path: string, source: string, parse: ExampleParser<T>): Promise<T[]> {
  const examples: T[] = [];
  for await (const { text, line } of jsonlLines(path, source)) examples.push(parseLine(parse, text, `${source}:${line}`));
  return examples;
}

/**
 * Held-out split when the job gave no validation file, in two streamed passes: the first keys
 * every line (a short hash, so exact duplicate lines group together and no example is both
 * trained on and used to measure overfitting), the second parses each line into its side. Same
 * seed and file, same split, in file order.
 */
export async function readSplitExamples<T>(
  path: string,
  source: string,
  parse: ExampleParser<T>,
  options: { seed: number; fraction: number },
): Promise<{ train: T[]; validation: T[] }> {
  const keys: string[] = [];
  for await (const { text } of jsonlLines(path, source)) keys.push(lineKey(text));
  if (keys.length < 2) return { train: await readExamples(path, source, parse), validation: [] };
  const split = splitHeldOut(keys, { seed: options.seed, fraction: options.fraction });
  const heldOut = new Uint8Array(keys.length);
  for (const index of split.validation) heldOut[index] = 1;
  const train: T[] = [];
  const validation: T[] = [];
  let index = 0;
  for await (const { text, line } of jsonlLines(path, source)) {
    (heldOut[index++] ? validation : train).push(parseLine(parse, text, `${source}:${line}`));
  }
  return { train, validation };
}

function lineKey(text: string): string {
  return createHash('sha1').update(text).digest('hex').slice(0, 16);
}

function parseLine<T>(parse: ExampleParser<T>, text: string, where: string): T {
  try {
    return parse(text, where);
  } catch (err) {
    throw err instanceof TrainingDataError ? err : new TrainingDataError((err as Error).message);
  }
}

export const supervisedExample: ExampleParser<SupervisedExample> = parseSupervisedLine;

/** OpenAI preference rows as they are; TRL rows (prompt/chosen/rejected) as text or as conversations. */
export const preferenceExample: ExampleParser<PreferenceExample> = (text, where) => {
  let row: Record<string, unknown>;
  try {
    row = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new TrainingDataError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  if (row && typeof row === 'object' && 'input' in row) return row as unknown as PreferenceExample;
  const { prompt, chosen, rejected } = (row ?? {}) as { prompt: unknown; chosen: unknown; rejected: unknown };
  if (typeof prompt === 'string' && typeof chosen === 'string' && typeof rejected === 'string') return { prompt, chosen, rejected };
  if (Array.isArray(prompt) && Array.isArray(chosen) && Array.isArray(rejected)) {
    return { input: { messages: prompt }, preferred_output: chosen, non_preferred_output: rejected } as PreferenceExample;
  }
  throw new TrainingDataError(`${where}: not a preference pair`);
};
