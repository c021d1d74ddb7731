import type { PromptCompletionExample } from './example';
import type { LineIssues } from './line-issues';
import { checkWellFormed } from './content';
import { jsonTypeOf, pointerToken, type JsonObject } from './json-values';

const PROMPT_COMPLETION_KEYS: ReadonlySet<string> = new Set(['prompt', 'completion']);

/** Legacy completion SFT: {"prompt": string, "completion": string}; only the completion is trained. */
export function validatePromptCompletionExample(row: JsonObject, issues: LineIssues): PromptCompletionExample | undefined {
  for (const key in row) {
    if (!PROMPT_COMPLETION_KEYS.has(key)) issues.unknownField(`/${pointerToken(key)}`);
  }
  const prompt = requiredText(row, 'prompt', issues);
  const completion = requiredText(row, 'completion', issues);
  if (prompt === undefined || completion === undefined) return undefined;
  if (completion === '') issues.warn('empty_content');
  return { format: 'prompt_completion', prompt, completion };
}

function requiredText(row: JsonObject, key: 'prompt' | 'completion', issues: LineIssues): string | undefined {
  const value = row[key];
  if (value === undefined) {
    issues.error(`/${key}`, 'missing_field', `example has no "${key}"`);
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.error(`/${key}`, 'wrong_type', `${key} must be a string, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  const before = issues.errorCount;
  if (issues.mayContainLoneSurrogates) checkWellFormed(value, `/${key}`, issues);
  return issues.errorCount === before ? value : undefined;
}
