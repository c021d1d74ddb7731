import { ValidationReportSchema, estimateCost, summarizeReport, type ChatMessage, type Example, type TokenCounter } from '../src';
import { validateDataset } from '../src';
import { chunksOf, errorTriples, jsonl, validateText } from './helpers/sources';

/** One token per whitespace-separated word: easy to count by hand. */
const words = (text: string | null): number => (text ? text.split(/\s+/).filter(Boolean).length : 0);
const wordCounter: TokenCounter = {
  countExample(example: Example) {
    if (example.format !== 'chat') throw new Error('chat only in this test');
    const sum = (messages: ChatMessage[]): number => messages.reduce((n, m) => n + words(m.content), 0);
    return { total: sum(example.messages), trained: sum(example.messages.filter((m) => m.role === 'assistant' && m.weight !== 0)) };
  },
};

const m = (role: string, content: string, extra: object = {}): object => ({ role, content, ...extra });
// Hand counts (words): total / trained / characters of content.
const handCounted = jsonl([
  { messages: [m('user', 'a b c'), m('assistant', 'd e')] }, //                                        line 1: 5 / 2 / 8
  { messages: [m('system', 's'), m('user', 'q'), m('assistant', 'x y z w')] }, //                        line 2: 6 / 4 / 9
  '', //                                                                                                 line 3: blank
  { messages: [m('user', 'one'), m('assistant', 'two three', { weight: 0 }), m('user', 'four'), m('assistant', 'five six seven')] }, // line 4: 7 / 3 / 30
  { messages: [m('user', 'a b c'), m('assistant', 'd e')] }, //                                        line 5: duplicate of line 1
  { messages: [m('user', 'a'), m('assistant', 'b')] }, //                                              line 6: 2 / 1 / 2
  { messages: [m('bot', 'nope'), m('assistant', 'b')] }, //                                            line 7: invalid
]);

describe('statistics with a token counter', () => {
  it('matches hand-counted lengths, percentiles, histogram, trained tokens and cost', async () => {
    const report = await validateText(handCounted, {
      tokenCounter: wordCounter,
      contextLength: 5,
      epochs: 4,
      prices: { m1: 2.5, m0: 10 },
      minExamples: 3,
    });
    expect(report.examples).toBe(5);
    expect(report.lines).toEqual({ total: 7, blank: 1, invalid: 1 });
    const stats = report.statistics;
    expect(stats.length_unit).toBe('tokens');
    // Sorted totals: 2 5 5 6 7. Nearest rank: p50 = 3rd, p95 = p99 = 5th.
    expect(stats.length).toEqual({ total: 25, min: 2, max: 7, mean: 5, p50: 5, p95: 7, p99: 7 });
    expect(stats.histogram.filter((b) => b.count > 0)).toEqual([
      { min: 2, max: 4, count: 1 },
      { min: 4, max: 8, count: 4 },
    ]);
    expect(stats.histogram).toHaveLength(26);
    expect(stats.histogram[25]).toEqual({ min: 2 ** 24, max: null, count: 0 });
    expect(stats.messages_per_example).toEqual({ min: 2, max: 4, mean: 2.6 });
    // Billed as OpenAI bills trained_tokens: every token of every example, per epoch (not only loss-bearing ones).
    expect(stats.trained_tokens_per_epoch).toBe(25);
    expect(stats.loss_tokens_per_epoch).toBe(2 + 4 + 3 + 2 + 1);
    expect(stats.estimated_trained_tokens).toBe(100);
    expect(stats.estimated_cost).toEqual([
      { model: 'm0', usd_per_million_trained_tokens: 10, usd: 0.001 },
      { model: 'm1', usd_per_million_trained_tokens: 2.5, usd: 0.00025 },
    ]);
    expect(stats.examples_exceeding_context).toBe(2);
    expect(stats.context_length).toBe(5);

    expect(report.warnings.map((w) => [w.code, w.count, w.lines, w.related_lines])).toEqual([
      ['too_few_examples', 5, [], undefined],
      ['duplicate_examples', 1, [5], [1]],
      ['exceeds_context', 2, [2, 4], undefined],
    ]);
    expect(report.warnings[1]!.message).toBe('1 example repeating an earlier line exactly (line 5 repeats line 1)');
    expect(errorTriples(report)).toEqual([[7, 'invalid_role', '/messages/0/role']]);
    expect(() => ValidationReportSchema.parse(report)).not.toThrow();
  });

  it('hands each valid example, its key and its tokens to onExample', async () => {
    const seen: Array<[number, string, number, number]> = [];
    await validateText(handCounted, {
      tokenCounter: wordCounter,
      onExample: (v) => seen.push([v.line, v.key, v.tokens!.total, v.tokens!.trained]),
    });
    expect(seen.map(([line, , total, trained]) => [line, total, trained])).toEqual([
      [1, 5, 2],
      [2, 6, 4],
      [4, 7, 3],
      [5, 5, 2],
      [6, 2, 1],
    ]);
    expect(seen[0]![1]).toMatch(/^[0-9a-f]{16}$/);
    expect(seen[3]![1]).toBe(seen[0]![1]);
    expect(new Set(seen.map((s) => s[1])).size).toBe(4);
  });

  it('limits the cost estimate to one model when asked', () => {
    expect(estimateCost(2_000_000, { a: 1, b: 3 }, 'b')).toEqual([{ model: 'b', usd_per_million_trained_tokens: 3, usd: 6 }]);
    expect(estimateCost(2_000_000, { a: 1 }, 'missing')).toEqual([]);
  });

  it('refuses a counter that returns nonsense instead of corrupting statistics', async () => {
    const broken: TokenCounter = { countExample: () => ({ total: Number.NaN, trained: 0 }) };
    await expect(validateText(handCounted, { tokenCounter: broken })).rejects.toThrow(TypeError);
  });
});

describe('statistics without a token counter', () => {
  it('falls back to characters and omits token-only figures', async () => {
    const report = await validateText(handCounted, { contextLength: 5, prices: { m0: 10 } });
    const stats = report.statistics;
    expect(stats.length_unit).toBe('characters');
    // Content characters: 8 9 30 8 2 → sorted 2 8 8 9 30.
    expect(stats.length).toEqual({ total: 57, min: 2, max: 30, mean: 11.4, p50: 8, p95: 30, p99: 30 });
    expect(stats.trained_tokens_per_epoch).toBeNull();
    expect(stats.estimated_trained_tokens).toBeNull();
    expect(stats.estimated_cost).toBeNull();
    expect(stats.examples_exceeding_context).toBeNull();
    expect(report.warnings.map((w) => w.code)).not.toContain('exceeds_context');
  });

  it('has null length statistics and empty buckets when nothing is valid', async () => {
    const report = await validateText('{"messages":[]}\n');
    expect(report.statistics.length).toBeNull();
    expect(report.statistics.messages_per_example).toBeNull();
    expect(report.statistics.histogram.every((b) => b.count === 0)).toBe(true);
  });
});

describe('distribution warnings', () => {
  it('flags unbalanced lengths when p95 is 10× the median', async () => {
    const rows = [
      ...Array.from({ length: 18 }, (_, i) => ({ messages: [m('user', `q${i}`), m('assistant', 'a')] })),
      ...Array.from({ length: 2 }, (_, i) => ({ messages: [m('user', `long${i}`), m('assistant', Array(39).fill('w').join(' '))] })),
    ];
    const report = await validateText(jsonl(rows), { tokenCounter: wordCounter, minExamples: 0, recommendedExamples: 0 });
    expect(report.statistics.length).toMatchObject({ p50: 2, p95: 40 });
    const warning = report.warnings.find((w) => w.code === 'unbalanced_lengths');
    expect(warning).toEqual({
      code: 'unbalanced_lengths',
      message: 'p95 length (40 tokens) is 20.0× the median (2); the longest examples dominate batch padding and memory',
      count: 2,
      lines: [],
    });
  });

  it('treats lines that differ only in surrounding whitespace as duplicates', async () => {
    const row = JSON.stringify({ messages: [m('user', 'q'), m('assistant', 'a')] });
    const report = await validateText(`${row}\n  ${row}\t\r\n${row.replace(':', ': ')}\n`, { minExamples: 0, recommendedExamples: 0 });
    expect(report.warnings.find((w) => w.code === 'duplicate_examples')).toMatchObject({ count: 1, lines: [2], related_lines: [1] });
  });
});

describe('report summary', () => {
  it('summarises a failing report with the first error as status details', async () => {
    const report = await validateText(handCounted, { tokenCounter: wordCounter });
    expect(summarizeReport(report)).toEqual({
      ok: false,
      format: 'chat',
      examples: 5,
      error_count: 2,
      warning_codes: ['duplicate_examples'],
      total_tokens: 25,
      trained_tokens_per_epoch: 25,
      loss_tokens_per_epoch: 12,
      status_details: 'line 7 at /messages/0/role: role must be one of system, user, assistant, tool; got "bot" (and 1 more error)',
    });
  });

  it('summarises a clean report', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ messages: [m('user', `q${i}`), m('assistant', 'a')] }));
    const report = await validateDataset(chunksOf(Buffer.from(jsonl(rows)), [100]));
    expect(summarizeReport(report)).toMatchObject({ ok: true, examples: 60, error_count: 0, warning_codes: [], total_tokens: null, status_details: null });
  });
});
