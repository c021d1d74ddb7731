import type { LineIssues } from './line-issues';
import { isJsonObject, isWellFormedString, jsonTypeOf, previewValue } from './json-values';

/**
 * Normalises the `content` of message `index` in the list at `listPointer`: a string, or an array of {type:"text", text}
 * parts (joined, as chat templates render them). Returns undefined after reporting
 * when it is neither; null/absent content is the caller's decision.
 * Non-text parts (images, audio) are rejected: the trainer is text-only.
 */
export function normalizeContent(value: unknown, listPointer: string, index: number, issues: LineIssues): string | undefined {
  if (typeof value === 'string') {
    if (issues.mayContainLoneSurrogates) checkWellFormed(value, `${listPointer}/${index}/content`, issues);
    return value;
  }
  const pointer = `${listPointer}/${index}/content`;
  if (!Array.isArray(value)) {
    issues.error(pointer, 'invalid_content_type', `content must be a string or an array of text parts, got ${jsonTypeOf(value)}`);
    return undefined;
  }
  const before = issues.errorCount;
  let text = '';
  for (let i = 0; i < value.length; i++) {
    const part: unknown = value[i];
    if (!isJsonObject(part)) {
      issues.error(`${pointer}/${i}`, 'invalid_content_type', `content part must be an object, got ${jsonTypeOf(part)}`);
      continue;
    }
    if (part.type !== 'text') {
      issues.error(
        `${pointer}/${i}/type`,
        'unsupported_content_part',
        `only text content parts are supported, got type ${previewValue(part.type)}`,
      );
      continue;
    }
    if (part.text === undefined) {
      issues.error(`${pointer}/${i}/text`, 'missing_field', 'text part is missing "text"');
      continue;
    }
    if (typeof part.text !== 'string') {
      issues.error(`${pointer}/${i}/text`, 'wrong_type', `"text" must be a string, got ${jsonTypeOf(part.text)}`);
      continue;
    }
    if (issues.mayContainLoneSurrogates) checkWellFormed(part.text, `${pointer}/${i}/text`, issues);
    text += part.text;
  }
  return issues.errorCount === before ? text : undefined;
}

/**
 * Reports a lone surrogate. Callers guard with issues.mayContainLoneSurrogates so
 * that neither the scan nor the pointer string is paid for on ordinary lines.
 */
export function checkWellFormed(text: string, pointer: string, issues: LineIssues): void {
  if (!isWellFormedString(text)) {
    issues.error(pointer, 'lone_surrogate', 'string contains an unpaired UTF-16 surrogate escape (\\uD800-\\uDFFF), which has no UTF-8 encoding');
  }
}
