import type { DatasetFormat } from './dataset-format';
import type { Example } from './example';
import type { LineIssues } from './line-issues';
import type { JsonObject } from './json-values';
import { validateChatExample } from './chat';
import { validatePreferenceExample } from './preference';
import { validatePromptCompletionExample } from './prompt-completion';
import { validateTrlPreferenceExample } from './preference-trl';

/** Validates one parsed row as `format`; returns the normalised example, or undefined after reporting. */
export function validateExample(format: DatasetFormat, row: JsonObject, issues: LineIssues): Example | undefined {
  switch (format) {
    case 'chat':
      return validateChatExample(row, issues);
    case 'prompt_completion':
      return validatePromptCompletionExample(row, issues);
    case 'preference':
      return validatePreferenceExample(row, issues);
    case 'preference_trl':
      return validateTrlPreferenceExample(row, issues);
  }
}
