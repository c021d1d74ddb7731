import { REGEX_LIMITS, RegexLimitError, regexSafetyProblem, SafeRegex, UnsafeRegexError } from '../../src/evaluation/safe-regex';

describe('user regular expressions run on a linear-time engine (RE2)', () => {
  it.each([
    ['^\\{.*\\}$', ''],
    ['"status"\\s*:\\s*"ok"', 'i'],
    ['^(?:yes|no)$', ''],
    ['(ab)+c', 's'],
    ['^[a-z]+(?:-[a-z]+)?$', 'u'],
    ['(?<word>\\w+) x', 'm'],
    ['a{2,5}b', ''],
    ['\\u00e9\\/\\p{L}+', 'u'],
    // Exponential for a backtracking engine, linear for RE2: accepted.
    ['(a+)+$', ''],
    ['(a|aa)*b', ''],
  ])('accepts /%s/%s', (pattern, flags) => {
    expect(regexSafetyProblem(pattern, flags)).toBeUndefined();
  });

  it.each([
    ['(a)\\1', '', /not supported by the linear-time regex engine/],
    ['x(?=y)', '', /not supported/],
    ['(?<=a)b', '', /not supported/],
    ['(x{1000}){1000}', '', /not supported|instructions/],
    ['[a-z]{1000}[0-9]{1000}[A-Z]{1000}', '', /more than 2000 instructions/],
    ['abc', 'g', /flag 'g'/],
    ['abc', 'y', /flag 'y'/],
    ['abc', 'ii', /repeated/],
    ['a'.repeat(REGEX_LIMITS.maxPatternLength + 1), '', /longer than/],
    ['(unclosed', '', /not supported/],
  ])('refuses /%s/%s', (pattern, flags, reason) => {
    expect(regexSafetyProblem(pattern, flags)).toMatch(reason);
    expect(() => SafeRegex.compile(pattern, flags)).toThrow(UnsafeRegexError);
  });

  it('matches like RegExp.test with the i, m and s flags, repeatedly (no lastIndex state)', () => {
    const re = SafeRegex.compile('ok', 'i');
    expect([re.test('is it OK?'), re.test('is it OK?'), re.test('nope')]).toEqual([true, true, false]);
    expect(SafeRegex.compile('^b$', 'm').test('a\nb\nc')).toBe(true);
    expect(SafeRegex.compile('^b$').test('a\nb\nc')).toBe(false);
    expect(SafeRegex.compile('a.b', 's').test('a\nb')).toBe(true);
    expect(SafeRegex.compile('a.b').test('a\nb')).toBe(false);
    expect(SafeRegex.compile('^.$', 'u').test('😀')).toBe(true);
  });

  it('answers patterns that backtrack catastrophically with a definite result instead of a time-out', () => {
    // A backtracking engine takes exponential (first) or O(n^4) (second) time on these inputs.
    expect(SafeRegex.compile('^(a+)+$').test(`${'a'.repeat(5000)}!`)).toBe(false);
    expect(SafeRegex.compile('^\\d*\\d*\\d*\\d*x$').test('1'.repeat(5000))).toBe(false);
    expect(SafeRegex.compile('^\\d*\\d*\\d*\\d*x$').test('123x')).toBe(true);
  });

  it('caps the input length', () => {
    const re = SafeRegex.compile('x');
    expect(() => re.test('1'.repeat(REGEX_LIMITS.maxInputLength + 1))).toThrow(RegexLimitError);
  });
});
