import { z } from 'zod';

/**
 * The JSONL shapes we accept. `preference` is OpenAI's DPO shape
 * ({input, preferred_output, non_preferred_output}); `preference_trl` is TRL's
 * ({prompt, chosen, rejected}), with strings or message lists.
 */
export const DATASET_FORMATS = ['chat', 'prompt_completion', 'preference', 'preference_trl'] as const;
export const DatasetFormatSchema = z.enum(DATASET_FORMATS);
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;

export type TrainingMethod = 'supervised' | 'dpo';

/** Which fine-tuning method (OpenAI `method.type`) can train on a file of this format. */
export function trainingMethodForFormat(format: DatasetFormat): TrainingMethod {
  return format === 'preference' || format === 'preference_trl' ? 'dpo' : 'supervised';
}

const hasOwn = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

/**
 * Guesses the format of one example from the keys that only that format uses.
 * Order matters: TRL rows also carry `prompt`, so `chosen`/`rejected` are tested
 * before `prompt`. Returns undefined when no identifying key is present.
 */
export function detectFormat(example: object): DatasetFormat | undefined {
  if (hasOwn(example, 'messages')) return 'chat';
  if (hasOwn(example, 'input') || hasOwn(example, 'preferred_output') || hasOwn(example, 'non_preferred_output')) {
    return 'preference';
  }
  if (hasOwn(example, 'chosen') || hasOwn(example, 'rejected')) return 'preference_trl';
  if (hasOwn(example, 'prompt') || hasOwn(example, 'completion')) return 'prompt_completion';
  return undefined;
}
