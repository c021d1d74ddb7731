import type { ChatMessage, TrlPreferenceExample } from './example';
import type { LineIssues } from './line-issues';
import { checkWellFormed } from './content';
import { jsonTypeOf, pointerToken, type JsonObject } from './json-values';
import { validateMessageList } from './messages';
import { sameOutputs, validatePreferenceOutput } from './preference-outputs';

const TRL_KEYS: ReadonlySet<string> = new Set(['prompt', 'chosen', 'rejected']);

type Part = 'prompt' | 'chosen' | 'rejected';
/** TRL's "standard" rows use strings, its "conversational" rows message lists; never a mix. */
type Style = 'standard' | 'conversational';

/** TRL preference: {"prompt", "chosen", "rejected"}, all strings or all message lists. */
export function validateTrlPreferenceExample(row: JsonObject, issues: LineIssues): TrlPreferenceExample | undefined {
  for (const key in row) {
    if (!TRL_KEYS.has(key)) issues.unknownField(`/${pointerToken(key)}`);
  }
  const before = issues.errorCount;
  const style = styleOf(row.prompt) ?? styleOf(row.chosen) ?? styleOf(row.rejected);
  const prompt = part(row, 'prompt', style, issues);
  const chosen = part(row, 'chosen', style, issues);
  const rejected = part(row, 'rejected', style, issues);
  if (chosen !== undefined && rejected !== undefined && sameOutputs(chosen, rejected)) {
    issues.error('/rejected', 'identical_preference_outputs', 'chosen and rejected are identical');
  }
  if (prompt === undefined || chosen === undefined || rejected === undefined || issues.errorCount !== before) return undefined;
  return { format: 'preference_trl', prompt, chosen, rejected };
}

function styleOf(value: unknown): Style | undefined {
  if (typeof value === 'string') return 'standard';
  if (Array.isArray(value)) return 'conversational';
  return undefined;
}

function part(row: JsonObject, key: Part, style: Style | undefined, issues: LineIssues): string | ChatMessage[] | undefined {
  const value = row[key];
  const pointer = `/${key}`;
  if (value === undefined) {
    issues.error(pointer, 'missing_field', `example has no "${key}"`);
    return undefined;
  }
  const own = styleOf(value);
  if (own === undefined) {
    issues.error(pointer, 'wrong_type', `${key} must be a string or a list of messages, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  if (own !== style) {
    const expected = style === 'standard' ? 'a string' : 'a list of messages';
    issues.error(pointer, 'wrong_type', `${key} must be ${expected}, like the rest of the row, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  if (typeof value === 'string') {
    const before = issues.errorCount;
    if (issues.mayContainLoneSurrogates) checkWellFormed(value, pointer, issues);
    if (key !== 'prompt' && value === '') issues.warn('empty_content');
    return issues.errorCount === before ? value : undefined;
  }
  if (key === 'prompt') {
    return validateMessageList(value, { pointer, allowWeight: false, emptyCode: 'empty_messages' }, issues);
  }
  return validatePreferenceOutput(value, pointer, Number.POSITIVE_INFINITY, issues);
}
