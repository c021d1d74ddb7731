import type { ValidationErrorCode } from '../report/codes';

/** Per-example warnings that validators raise; the file-level warning counts examples. */
export type ExampleWarningCode = 'empty_system_prompt' | 'empty_content' | 'last_message_not_assistant';

/** Where a format validator reports what it finds in one line. */
export interface LineIssues {
  /** Errors so far on this line; validators compare it before/after a step. */
  readonly errorCount: number;
  /** True when the line contains a \uD800-\uDFFF escape, so strings may hold lone surrogates. */
  readonly mayContainLoneSurrogates: boolean;
  error(pointer: string, code: ValidationErrorCode, message: string): void;
  warn(code: ExampleWarningCode): void;
  // A field we ignore. `path` is a pointer with * for array indices, e.g. "/messages/*/refusal".
  unknownField(path: string): void;
}
