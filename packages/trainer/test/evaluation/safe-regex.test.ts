import { REGEX_LIMITS, RegexLimitError, regexSafetyProblem, SafeRegex, UnsafeRegexError } from '../../src/evaluation/safe-regex';

describe('safe regular expressions', () => {
  it.each([
    ['^\\{.*\\}$', ''],
    ['"status"\\s*:\\s*"ok"', 'i'],
    ['^(?:yes|no)$', ''],
    ['(ab)+c', 's'],
    ['^[a-z]+(?:-[a-z]+)?$', 'u'],
    ['(?<word>\\w+) (?=x)', 'm'],
    ['a{2,5}b', ''],
  ])('accepts the ordinary pattern /%s/%s', (pattern, flags) => {
    expect(regexSafetyProblem(pattern, flags)).toBeUndefined();
  });

  it.each([
    ['(a+)+$', '', /nested quantifiers/],
    ['^(\\w*)*x', '', /nested quantifiers/],
    ['((ab)*c)+', '', /nested quantifiers/],
    ['(a|aa)*b', '', /alternation/],
    ['(?:x(y|z))+', '', /alternation/],
    ['(a{1,3}){2,}', '', /nested quantifiers/],
    ['(a)\\1', '', /backreferences/],
    ['(?<q>a)\\k<q>', '', /backreferences/],
    ['abc', 'g', /flag 'g'/],
    ['abc', 'y', /flag 'y'/],
    ['abc', 'ii', /repeated/],
    ['a'.repeat(REGEX_LIMITS.maxPatternLength + 1), '', /longer than/],
    ['(unclosed', '', /not a valid regular expression/],
  ])('refuses /%s/%s', (pattern, flags, reason) => {
    expect(regexSafetyProblem(pattern, flags)).toMatch(reason);
    expect(() => SafeRegex.compile(pattern, flags)).toThrow(UnsafeRegexError);
  });

  it('matches like RegExp.test, repeatedly (no lastIndex state)', () => {
    const re = SafeRegex.compile('ok', 'i');
    expect([re.test('is it OK?'), re.test('is it OK?'), re.test('nope')]).toEqual([true, true, false]);
  });

  it('stops a polynomial blow-up the static check cannot see at the time limit, and caps input length', () => {
    // Passes the static checks (no nested quantifier) but backtracks O(n^4) on a non-matching input.
    const re = SafeRegex.compile('^\\d*\\d*\\d*\\d*x$');
    const started = Date.now();
    expect(() => re.test('1'.repeat(5000))).toThrow(RegexLimitError);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(() => re.test('1'.repeat(REGEX_LIMITS.maxInputLength + 1))).toThrow(/input longer/);
    expect(re.test('123x')).toBe(true);
  });
});
