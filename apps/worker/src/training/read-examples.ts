import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { splitHeldOut } from '@whetstone/datasets';
import { parseSupervisedJsonl, type PreferenceExample, type SupervisedExample } from '@whetstone/trainer';

/** Thrown for data the job cannot train on: the job fails once with this message (no retry). */
export class TrainingDataError extends Error {}

export interface DatasetLines {
  lines: string[];
}

/** The non-blank lines of a (validated) JSONL file. */
export async function readJsonlLines(path: string): Promise<string[]> {
  const text = await readFile(path, 'utf8');
  return text
    .replace(/^\uFEFF/, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function supervisedExamples(lines: string[], source: string): SupervisedExample[] {
  try {
    return parseSupervisedJsonl(lines.join('\n'), source);
  } catch (err) {
    throw new TrainingDataError((err as Error).message);
  }
}

/** OpenAI preference rows as they are; TRL rows (prompt/chosen/rejected) as text or as conversations. */
export function preferenceExamples(lines: string[], source: string): PreferenceExample[] {
  return lines.map((line, index) => {
    const row = JSON.parse(line) as Record<string, unknown>;
    if ('input' in row) return row as unknown as PreferenceExample;
    const { prompt, chosen, rejected } = row as { prompt: unknown; chosen: unknown; rejected: unknown };
    if (typeof prompt === 'string' && typeof chosen === 'string' && typeof rejected === 'string') return { prompt, chosen, rejected };
    if (Array.isArray(prompt) && Array.isArray(chosen) && Array.isArray(rejected)) {
      return { input: { messages: prompt }, preferred_output: chosen, non_preferred_output: rejected } as PreferenceExample;
    }
    throw new TrainingDataError(`${source}:${index + 1}: not a preference pair`);
  });
}

/**
 * Held-out split when the job gave no validation file: seeded by the job, grouping exact
 * duplicate lines so no example is both trained on and used to measure overfitting.
 */
export function splitLines(lines: string[], seed: number, fraction: number): { train: string[]; validation: string[] } {
  const keys = lines.map((line) => createHash('sha1').update(line).digest('hex').slice(0, 16));
  const split = splitHeldOut(keys, { seed, fraction });
  return { train: split.train.map((i) => lines[i]!), validation: split.validation.map((i) => lines[i]!) };
}
