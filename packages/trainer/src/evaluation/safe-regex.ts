import { Script, createContext } from 'node:vm';

/**
 * Limits on user-supplied regular expressions. JavaScript regexes backtrack, so a pattern such as
 * (a+)+$ takes exponential time on a long non-matching input and would hang the worker. Three layers:
 * patterns are short, use only flags without state or surprises, and have no construct known to
 * backtrack exponentially (quantified groups that contain a quantifier or an alternation,
 * backreferences); inputs are capped; and every match runs under a time limit as the last resort for
 * what a static check cannot see (polynomial blow-ups like \d*\d*\d*x).
 */
export const REGEX_LIMITS = { maxPatternLength: 200, maxInputLength: 10_000, timeoutMs: 50 } as const;

/** i (ignore case), m (multiline anchors), s (dot matches newline), u (unicode). No g/y: they make test() stateful. */
export const SAFE_REGEX_FLAGS = 'imsu';

export class UnsafeRegexError extends Error {}

/** A match that hit an input or time limit: it neither matched nor failed to match. */
export class RegexLimitError extends Error {}

/** Why a pattern is refused, or undefined when it passes the static checks. */
export function regexSafetyProblem(pattern: string, flags = ''): string | undefined {
  if (pattern.length === 0) return 'the pattern is empty';
  if (pattern.length > REGEX_LIMITS.maxPatternLength) return `the pattern is longer than ${REGEX_LIMITS.maxPatternLength} characters`;
  for (const f of flags) if (!SAFE_REGEX_FLAGS.includes(f)) return `flag '${f}' is not allowed (allowed: ${SAFE_REGEX_FLAGS})`;
  if (new Set(flags).size !== flags.length) return 'a flag is repeated';
  try {
    new RegExp(pattern, flags);
  } catch (error) {
    return `not a valid regular expression: ${(error as Error).message}`;
  }
  return structuralProblem(pattern);
}

interface GroupFrame {
  /** The group's content has a quantifier (*, +, ?, {…}). */
  quantified: boolean;
  /** The group's content has an alternation. */
  alternates: boolean;
}

/** Scans the pattern's syntax for exponential-backtracking shapes (nested quantifiers, quantified alternations, backreferences). */
function structuralProblem(pattern: string): string | undefined {
  const stack: GroupFrame[] = [{ quantified: false, alternates: false }];
  let i = 0;
  // Reads a quantifier at position i; returns its length and whether it can repeat more than once.
  const quantifierAt = (k: number): { length: number; repeats: boolean } | undefined => {
    const c = pattern[k];
    if (c === '*' || c === '+') return { length: 1, repeats: true };
    if (c === '?') return { length: 1, repeats: false };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(k));
      if (!m) return undefined;
      const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      return { length: m[0].length, repeats: max > 1 };
    }
    return undefined;
  };
  const skipQuantifier = (k: number): { next: number; repeats: boolean } | undefined => {
    const q = quantifierAt(k);
    if (!q) return undefined;
    let next = k + q.length;
    if (pattern[next] === '?') next++; // lazy
    return { next, repeats: q.repeats };
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    const frame = stack[stack.length - 1]!;
    if (c === '\\') {
      const n = pattern[i + 1] ?? '';
      if (/[1-9]/.test(n) || (n === 'k' && pattern[i + 2] === '<')) return 'backreferences are not allowed';
      i += 2;
    } else if (c === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '(') {
      stack.push({ quantified: false, alternates: false });
      i++;
      if (pattern[i] === '?') {
        // (?: (?= (?! (?<= (?<! (?<name>: the '?' here is syntax, not a quantifier.
        i++;
        if (pattern[i] === '<' && pattern[i + 1] !== '=' && pattern[i + 1] !== '!') i = pattern.indexOf('>', i) + 1;
        else i += pattern[i] === '<' ? 2 : 1;
      }
      continue;
    } else if (c === ')') {
      const group = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      const q = skipQuantifier(i + 1);
      i = q ? q.next : i + 1;
      if (q?.repeats && (group.quantified || group.alternates)) {
        return group.quantified
          ? 'a repeated group contains a quantifier (nested quantifiers backtrack exponentially)'
          : 'a repeated group contains an alternation (overlapping alternatives backtrack exponentially)';
      }
      parent.quantified ||= group.quantified || q !== undefined;
      parent.alternates ||= group.alternates;
      continue;
    } else if (c === '|') {
      frame.alternates = true;
      i++;
      continue;
    } else {
      i++;
    }
    // A quantifier after an atom (escape, class or literal).
    const q = skipQuantifier(i);
    if (q) {
      frame.quantified = true;
      i = q.next;
    }
  }
  return undefined;
}

/** A checked pattern whose matches run under REGEX_LIMITS. */
export class SafeRegex {
  private readonly context: { re: RegExp; input: string; result: boolean };
  private static readonly script = new Script('result = re.test(input)');

  private constructor(readonly source: string, readonly flags: string) {
    this.context = createContext({ re: new RegExp(source, flags), input: '', result: false }) as SafeRegex['context'];
  }

  /** Throws UnsafeRegexError with the reason when the pattern fails the static checks. */
  static compile(pattern: string, flags = ''): SafeRegex {
    const problem = regexSafetyProblem(pattern, flags);
    if (problem) throw new UnsafeRegexError(`regular expression /${pattern}/${flags} refused: ${problem}`);
    return new SafeRegex(pattern, flags);
  }

  /** Whether the pattern matches somewhere in `input`; throws RegexLimitError past the input or time limit. */
  test(input: string): boolean {
    if (input.length > REGEX_LIMITS.maxInputLength) throw new RegexLimitError(`input longer than ${REGEX_LIMITS.maxInputLength} characters`);
    this.context.input = input;
    try {
      SafeRegex.script.runInContext(this.context, { timeout: REGEX_LIMITS.timeoutMs });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new RegexLimitError(`matching /${this.source}/ took longer than ${REGEX_LIMITS.timeoutMs} ms`);
      }
      throw error;
    }
    return this.context.result;
  }
}
