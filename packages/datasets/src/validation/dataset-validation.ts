import { detectFormat, type DatasetFormat } from '../formats/dataset-format';
import type { Example } from '../formats/example';
import { isJsonObject, jsonTypeOf } from '../formats/json-values';
import type { ExampleWarningCode, LineIssues } from '../formats/line-issues';
import { validateExample } from '../formats/validate-example';
import { firstToolUse } from '../formats/tool-use';
import { DEFAULT_MAX_LINE_BYTES, type LineSink } from '../lines/line-splitter';
import { decodeUtf8Line, describeNonUtf8Start } from '../lines/utf8';
import type { ValidationErrorCode } from '../report/codes';
import type { ValidationReport } from '../report/report-schema';
import { StatisticsCollector, type StatisticsOptions } from '../statistics/statistics-collector';
import type { TokenCount } from '../statistics/token-counter';
import { DuplicateIndex } from './duplicate-index';
import { DEFAULT_MAX_STORED_ERRORS, ErrorCollector } from './error-collector';
import { digestWord, exampleKeyHex, hashCanonicalLine } from './example-key';
import { buildWarnings, plural } from './file-warnings';
import { LineSample } from './line-sample';
import { parseJsonLine } from './parse-json-line';
import { UnknownFields } from './unknown-fields';

/** Fewer valid examples than this is an error: OpenAI refuses to train on them too. */
export const DEFAULT_MIN_EXAMPLES = 10;
/** Fewer than this is a warning. */
export const DEFAULT_RECOMMENDED_EXAMPLES = 50;

/** One valid example, as handed to `onExample` (e.g. to build a train/validation split). */
export interface ValidatedExample {
  line: number;
  /** 16 hex digits identifying the canonical line: equal for exact duplicates. */
  key: string;
  example: Example;
  tokens?: TokenCount;
}

export interface DatasetValidationOptions extends StatisticsOptions {
  /** Lines longer than this (without terminator) are skipped as line_too_long. */
  maxLineBytes?: number;
  maxStoredErrors?: number;
  minExamples?: number;
  recommendedExamples?: number;
  onExample?: (validated: ValidatedExample) => void;
}

const EXAMPLE_WARNING_BITS: Record<ExampleWarningCode, number> = {
  empty_system_prompt: 1,
  empty_content: 2,
  last_message_not_assistant: 4,
};
const EXAMPLE_WARNING_CODES = Object.keys(EXAMPLE_WARNING_BITS) as ExampleWarningCode[];

/** A JSON escape of a surrogate code unit; only these can make a lone surrogate. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Validates lines as a LineSplitter delivers them and accumulates everything the
 * report needs in memory independent of file size (besides 4 bytes per example for
 * lengths and ~24 for the duplicate index).
 */
export class DatasetValidation implements LineSink, LineIssues {
  private readonly errors: ErrorCollector;
  readonly maxLineBytes: number;
  private readonly minExamples: number;
  private readonly recommendedExamples: number;
  private format: DatasetFormat | undefined;
  private examples = 0;
  private nonBlankLines = 0;
  private invalidLines = 0;

  // State of the line being validated (LineIssues).
  private line = 0;
  private lineErrors = 0;
  private lineWarnings = 0;
  mayContainLoneSurrogates = false;

  private readonly duplicateIndex = new DuplicateIndex();
  private readonly duplicates = new LineSample();
  private readonly duplicateOf: number[] = [];
  private readonly exampleWarnings: Record<ExampleWarningCode, LineSample> = {
    empty_system_prompt: new LineSample(),
    empty_content: new LineSample(),
    last_message_not_assistant: new LineSample(),
  };
  private readonly unknownFields = new UnknownFields();
  private readonly statistics: StatisticsCollector;

  constructor(private readonly options: DatasetValidationOptions = {}) {
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.errors = new ErrorCollector(options.maxStoredErrors ?? DEFAULT_MAX_STORED_ERRORS);
    this.minExamples = options.minExamples ?? DEFAULT_MIN_EXAMPLES;
    this.recommendedExamples = options.recommendedExamples ?? DEFAULT_RECOMMENDED_EXAMPLES;
    this.statistics = new StatisticsCollector(options);
  }

  get errorCount(): number {
    return this.lineErrors;
  }

  error(pointer: string, code: ValidationErrorCode, message: string): void {
    this.lineErrors += 1;
    this.errors.add(this.line, pointer, code, message);
  }

  warn(code: ExampleWarningCode): void {
    this.lineWarnings |= EXAMPLE_WARNING_BITS[code];
  }

  unknownField(path: string): void {
    this.unknownFields.add(path, this.line);
  }

  onLineTooLong(line: number, byteLength: number): void {
    this.nonBlankLines += 1;
    this.invalidLines += 1;
    this.line = line;
    this.errors.add(line, '', 'line_too_long', `line is ${byteLength} bytes, longer than the ${this.maxLineBytes}-byte limit`);
  }

  onLine(bytes: Buffer, line: number): void {
    this.nonBlankLines += 1;
    this.line = line;
    this.lineErrors = 0;
    this.lineWarnings = 0;
    const example = this.validateLine(bytes, line);
    if (example === undefined || this.lineErrors > 0) {
      this.invalidLines += 1;
      return;
    }
    this.accept(example, bytes, line);
  }

  private validateLine(bytes: Buffer, line: number): Example | undefined {
    const text = decodeUtf8Line(bytes);
    if (text === undefined) {
      const hint = line === 1 ? describeNonUtf8Start(bytes) : undefined;
      this.error('', 'invalid_utf8', hint ? `line is not valid UTF-8: ${hint}` : 'line is not valid UTF-8');
      return undefined;
    }
    const parsed = parseJsonLine(text, line);
    if (!parsed.ok) {
      this.error('', parsed.code, parsed.message);
      return undefined;
    }
    const row = parsed.value;
    if (!isJsonObject(row)) {
      const hint = line === 1 && Array.isArray(row) ? ' (a JSON array must be converted to JSONL: one object per line)' : '';
      this.error('', 'not_an_object', `each line must be a JSON object, got ${jsonTypeOf(row)}${hint}`);
      return undefined;
    }
    const shape = detectFormat(row);
    if (this.format === undefined) {
      if (shape === undefined) {
        this.error('', 'unknown_format', 'cannot tell the format: expected "messages", "prompt"/"completion", "input"/"preferred_output" or "chosen"/"rejected"');
        return undefined;
      }
      this.format = shape;
    } else if (shape !== undefined && shape !== this.format) {
      this.error('', 'mixed_formats', `line looks like ${shape} but the file is ${this.format}`);
      return undefined;
    }
    this.mayContainLoneSurrogates = text.indexOf('\\u') !== -1 && SURROGATE_ESCAPE.test(text);
    const example = validateExample(this.format, row, this);
    const counter = this.options.tokenCounter;
    const toolUse = example && counter?.supportsTools === false ? firstToolUse(example) : undefined;
    if (toolUse) {
      const model = counter?.modelName ? `${counter.modelName}'s` : "the model's";
      this.error(toolUse, 'tools_not_supported', `${model} chat template has no tool support: tools, tool calls and tool results would be dropped from training`);
    }
    return example;
  }

  private accept(example: Example, bytes: Buffer, line: number): void {
    this.examples += 1;
    const digest = hashCanonicalLine(bytes);
    const firstLine = this.duplicateIndex.firstLineOf(digestWord(digest, 0), digestWord(digest, 1), line);
    if (firstLine !== 0) {
      this.duplicates.add(line);
      if (this.duplicateOf.length < this.duplicates.lines.length) this.duplicateOf.push(firstLine);
    }
    if (this.lineWarnings !== 0) {
      for (const code of EXAMPLE_WARNING_CODES) {
        if (this.lineWarnings & EXAMPLE_WARNING_BITS[code]) this.exampleWarnings[code].add(line);
      }
    }

    const tokens = this.statistics.add(example, line);
    this.options.onExample?.({ line, key: exampleKeyHex(digest), example, ...(tokens ? { tokens } : {}) });
  }

  finish(totalLines: number, blankLines: number): ValidationReport {
    if (this.nonBlankLines === 0) {
      this.errors.add(null, '', 'empty_file', 'the file has no examples (it is empty or only whitespace)');
    } else if (this.examples < this.minExamples) {
      this.errors.add(null, '', 'insufficient_examples', `the file has ${plural(this.examples, 'valid example')}; at least ${this.minExamples} are required`);
    }
    const statistics = this.statistics.toStatistics();
    const collected = this.statistics;
    const isPreference = this.format === 'preference' || this.format === 'preference_trl';
    const warnings = buildWarnings({
      examples: this.examples,
      ...(this.examples >= this.minExamples && this.examples < this.recommendedExamples
        ? { tooFewExamples: { recommended: this.recommendedExamples } }
        : {}),
      duplicates: this.duplicates,
      duplicateOf: this.duplicateOf,
      ...(collected.checksContext ? { exceedsContext: { sample: collected.exceedsContext, contextLength: statistics.context_length! } } : {}),
      exampleWarnings: this.exampleWarnings,
      unknownFields: this.unknownFields,
      length: statistics.length,
      lengthUnit: statistics.length_unit,
      countLongerThan: (threshold) => collected.lengths.countAbove(threshold),
      ...(isPreference ? { preference: collected.preference } : {}),
    });

    const errors = this.errors.toReport();
    return {
      object: 'file.validation',
      format: this.format ?? null,
      examples: this.examples,
      lines: { total: totalLines, blank: blankLines, invalid: this.invalidLines },
      errors,
      warnings,
      statistics,
      ok: errors.total === 0,
    };
  }
}
