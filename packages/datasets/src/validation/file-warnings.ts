import type { ExampleWarningCode } from '../formats/line-issues';
import type { LengthSummary, ValidationWarning } from '../report/report-schema';
import type { LineSample } from './line-sample';
import type { UnknownFields } from './unknown-fields';

/** Below this many examples, distribution warnings would be noise. */
export const MIN_EXAMPLES_FOR_DISTRIBUTION_WARNINGS = 20;
/** p95 / p50 at or above this: a few long examples dominate padding, memory and loss. */
export const UNBALANCED_LENGTH_RATIO = 10;
/** Mean preferred / non-preferred length at or beyond this (or its inverse): DPO learns length. */
export const PREFERENCE_LENGTH_BIAS_RATIO = 1.5;

/** What a validation pass found, as the warnings need it. */
export interface WarningFindings {
  examples: number;
  /** Set only when the file has at least minExamples but fewer than recommended. */
  tooFewExamples?: { recommended: number };
  duplicates: LineSample;
  duplicateOf: number[];
  exceedsContext?: { sample: LineSample; contextLength: number };
  exampleWarnings: Record<ExampleWarningCode, LineSample>;
  unknownFields: UnknownFields;
  length: LengthSummary | null;
  lengthUnit: 'tokens' | 'characters';
  /** Examples longer than UNBALANCED_LENGTH_RATIO × p50. */
  countLongerThan(threshold: number): number;
  preference?: { chosenCharacters: number; rejectedCharacters: number; chosenLonger: number; rejectedLonger: number };
}

/** "1 example", "3 examples". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** File-level warnings in a fixed order, each with a count and the first lines. */
export function buildWarnings(f: WarningFindings): ValidationWarning[] {
  const warnings: ValidationWarning[] = [];
  const sampled = (code: ValidationWarning['code'], sample: LineSample, message: string): void => {
    if (sample.count > 0) warnings.push({ code, message, count: sample.count, lines: sample.lines });
  };

  if (f.tooFewExamples) {
    warnings.push({
      code: 'too_few_examples',
      message: `the file has ${plural(f.examples, 'valid example')}; at least ${f.tooFewExamples.recommended} are recommended for a noticeable effect`,
      count: f.examples,
      lines: [],
    });
  }
  if (f.duplicates.count > 0) {
    warnings.push({
      code: 'duplicate_examples',
      message: `${plural(f.duplicates.count, 'example')} repeating an earlier line exactly (line ${f.duplicates.lines[0]} repeats line ${f.duplicateOf[0]})`,
      count: f.duplicates.count,
      lines: f.duplicates.lines,
      related_lines: f.duplicateOf,
    });
  }
  if (f.exceedsContext) {
    sampled(
      'exceeds_context',
      f.exceedsContext.sample,
      `${plural(f.exceedsContext.sample.count, 'example')} longer than the ${f.exceedsContext.contextLength}-token context; training would truncate them`,
    );
  }
  const per = f.exampleWarnings;
  sampled('empty_system_prompt', per.empty_system_prompt, `${plural(per.empty_system_prompt.count, 'example')} with an empty system message`);
  sampled('empty_content', per.empty_content, `${plural(per.empty_content.count, 'example')} with an empty message or completion`);
  sampled(
    'last_message_not_assistant',
    per.last_message_not_assistant,
    `${plural(per.last_message_not_assistant.count, 'example')} ending with a non-assistant message, which nothing is trained on`,
  );
  sampled('unknown_fields', f.unknownFields.lines, `ignored fields not used for training: ${f.unknownFields.describe()}`);

  const unbalanced = unbalancedLengths(f);
  if (unbalanced) warnings.push(unbalanced);
  const bias = preferenceLengthBias(f);
  if (bias) warnings.push(bias);
  return warnings;
}

function unbalancedLengths(f: WarningFindings): ValidationWarning | undefined {
  const length = f.length;
  if (!length || f.examples < MIN_EXAMPLES_FOR_DISTRIBUTION_WARNINGS || length.p50 === 0) return undefined;
  const ratio = length.p95 / length.p50;
  if (ratio < UNBALANCED_LENGTH_RATIO) return undefined;
  const threshold = UNBALANCED_LENGTH_RATIO * length.p50;
  return {
    code: 'unbalanced_lengths',
    message:
      `p95 length (${length.p95} ${f.lengthUnit}) is ${ratio.toFixed(1)}× the median (${length.p50}); ` +
      `the longest examples dominate batch padding and memory`,
    count: f.countLongerThan(threshold),
    lines: [],
  };
}

function preferenceLengthBias(f: WarningFindings): ValidationWarning | undefined {
  const p = f.preference;
  if (!p || f.examples < MIN_EXAMPLES_FOR_DISTRIBUTION_WARNINGS || p.chosenCharacters === 0 || p.rejectedCharacters === 0) {
    return undefined;
  }
  const ratio = p.chosenCharacters / p.rejectedCharacters;
  if (ratio < PREFERENCE_LENGTH_BIAS_RATIO && ratio > 1 / PREFERENCE_LENGTH_BIAS_RATIO) return undefined;
  const longer = ratio > 1 ? 'preferred' : 'non-preferred';
  const shown = ratio > 1 ? ratio : 1 / ratio;
  return {
    code: 'preference_length_bias',
    message:
      `${longer} outputs are on average ${shown.toFixed(1)}× as long (in characters) as the others; ` +
      `DPO may learn to prefer length rather than quality`,
    count: ratio > 1 ? p.chosenLonger : p.rejectedLonger,
    lines: [],
  };
}
