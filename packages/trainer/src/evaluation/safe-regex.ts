import { RE2JS } from 're2js';

/**
 * User-supplied regular expressions run on RE2 (re2js, a pure-JS port): matching takes time linear
 * in the input for any pattern, so (a+)+$ cannot hang a worker, and compiling one needs no vm
 * context or timer, so parsing a job (the API does it on every create and dry run) stays cheap.
 * RE2 has no backreferences or lookarounds; such patterns are refused when the spec is parsed.
 * Bounds: the pattern's length, its compiled size (a{1000} is short but large) and the input's
 * length, which together cap the work of one match.
 */
export const REGEX_LIMITS = { maxPatternLength: 200, maxProgramSize: 2_000, maxInputLength: 10_000 } as const;

/** i (ignore case), m (multiline anchors), s (dot matches newline), u (unicode; RE2 always is). */
export const SAFE_REGEX_FLAGS = 'imsu';

const FLAG_BITS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL, u: 0 };

export class UnsafeRegexError extends Error {}

/** A match refused because its input is over the length limit: it neither matched nor failed to match. */
export class RegexLimitError extends Error {}

/** Compiles with RE2 or says why not. */
function compileRe2(pattern: string, flags: string): RE2JS | string {
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > REGEX_LIMITS.maxPatternLength) return `the pattern is longer than ${REGEX_LIMITS.maxPatternLength} characters`;
  for (const f of flags) if (!SAFE_REGEX_FLAGS.includes(f)) return `flag '${f}' is not allowed (allowed: ${SAFE_REGEX_FLAGS})`;
  if (new Set(flags).size !== flags.length) return 'a flag is repeated';
  let re: RE2JS;
  try {
    // translateRegExp maps JavaScript spellings (\u00e9, (?<name>…), \/) to RE2's.
    re = RE2JS.compile(RE2JS.translateRegExp(pattern), [...flags].reduce((bits, f) => bits | FLAG_BITS[f]!, 0));
  } catch (error) {
    const detail = (error as Error).message.replace(/^error parsing regexp: /, '');
    return `not supported by the linear-time regex engine (RE2: no backreferences or lookarounds): ${detail}`;
  }
  if (re.programSize() > REGEX_LIMITS.maxProgramSize) return `the pattern compiles to more than ${REGEX_LIMITS.maxProgramSize} instructions (lower its repeat counts)`;
  return re;
}

/** Why a pattern is refused, or undefined when it compiles within the limits. */
export function regexSafetyProblem(pattern: string, flags = ''): string | undefined {
  const compiled = compileRe2(pattern, flags);
  return typeof compiled === 'string' ? compiled : undefined;
}

/** A compiled pattern; compile once (per job) and test many inputs. */
export class SafeRegex {
  private constructor(
    readonly source: string,
    readonly flags: string,
    private readonly re: RE2JS,
  ) {}

  /** Throws UnsafeRegexError with the reason when the pattern is refused. */
  static compile(pattern: string, flags = ''): SafeRegex {
    const compiled = compileRe2(pattern, flags);
    if (typeof compiled === 'string') throw new UnsafeRegexError(`regular expression /${pattern}/${flags} refused: ${compiled}`);
    return new SafeRegex(pattern, flags, compiled);
  }

  /** Whether the pattern matches somewhere in `input`; throws RegexLimitError past the input limit. */
  test(input: string): boolean {
    if (input.length > REGEX_LIMITS.maxInputLength) throw new RegexLimitError(`input longer than ${REGEX_LIMITS.maxInputLength} characters`);
    return this.re.test(input);
  }
}
