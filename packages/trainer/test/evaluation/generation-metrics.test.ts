import { evaluateGenerations } from '../../src/evaluation/evaluate-generations';
import { compileMetric, compileMetrics, parseGenerationMetricSpecs, type GenerationMetricSpecInput } from '../../src/evaluation/metric-spec';
import type { GenerationSample } from '../../src/evaluation/metrics/metric-scorer';

const score = (spec: GenerationMetricSpecInput, sample: GenerationSample) => compileMetric(parseGenerationMetricSpecs([spec])[0]!)(sample);

describe('generation metric specs', () => {
  it('fills defaults and rejects malformed or unsafe specs before training', () => {
    const [exact, regex, length] = parseGenerationMetricSpecs([{ type: 'exact_match' }, { type: 'regex_match', pattern: 'x' }, { type: 'max_length', max: 10 }]);
    expect(exact).toEqual({ type: 'exact_match', trim: true, ignoreCase: false });
    expect(regex).toEqual({ type: 'regex_match', pattern: 'x', flags: '', mode: 'search' });
    expect(length).toEqual({ type: 'max_length', max: 10, unit: 'chars' });
    const bad: unknown[] = [
      [{ type: 'bleu' }],
      [{ type: 'contains' }],
      [{ type: 'contains', value: 'a', extra: 1 }],
      [{ type: 'regex_match', pattern: '(a)\\1' }], // backreference: RE2 has none
      [{ type: 'regex_match', pattern: 'x(?=y)' }], // lookahead: RE2 has none
      [{ type: 'regex_match', pattern: 'a', flags: 'g' }],
      [{ type: 'json_schema_valid', schema: { $ref: '#' } }],
      [{ type: 'max_length', max: -1 }],
      [{ type: 'json_valid' }, { type: 'json_valid' }], // duplicate names
    ];
    for (const specs of bad) expect(() => parseGenerationMetricSpecs(specs)).toThrow();
    expect(() => parseGenerationMetricSpecs([{ type: 'json_valid' }, { type: 'json_valid', name: 'json object', objectOnly: true }])).not.toThrow();
  });
});

describe('generation metric scoring (0/1 per sample, null when not applicable)', () => {
  it('exact_match compares with the reference, trimmed by default', () => {
    expect(score({ type: 'exact_match' }, { generation: ' Paris\n', reference: 'Paris' })).toBe(1);
    expect(score({ type: 'exact_match' }, { generation: 'paris', reference: 'Paris' })).toBe(0);
    expect(score({ type: 'exact_match', ignoreCase: true }, { generation: 'paris', reference: 'Paris' })).toBe(1);
    expect(score({ type: 'exact_match', trim: false }, { generation: 'Paris ', reference: 'Paris' })).toBe(0);
    expect(score({ type: 'exact_match' }, { generation: 'Paris' })).toBeNull();
  });

  it('contains looks for a fixed string', () => {
    expect(score({ type: 'contains', value: '"status"' }, { generation: '{"status": 1}' })).toBe(1);
    expect(score({ type: 'contains', value: 'OK' }, { generation: 'ok' })).toBe(0);
    expect(score({ type: 'contains', value: 'OK', ignoreCase: true }, { generation: 'ok' })).toBe(1);
  });

  it('regex_match searches, or matches the whole generation in full mode', () => {
    expect(score({ type: 'regex_match', pattern: '\\d{3}' }, { generation: 'call 555 now' })).toBe(1);
    expect(score({ type: 'regex_match', pattern: '\\d{3}', mode: 'full' }, { generation: 'call 555 now' })).toBe(0);
    expect(score({ type: 'regex_match', pattern: 'yes|no', mode: 'full' }, { generation: 'no' })).toBe(1);
    expect(score({ type: 'regex_match', pattern: '^ok$', flags: 'im' }, { generation: 'first\nOK\nlast' })).toBe(1);
  });

  it('json_valid parses the whole generation; json_schema_valid also validates it', () => {
    expect(score({ type: 'json_valid' }, { generation: ' {"a": [1, 2]} ' })).toBe(1);
    expect(score({ type: 'json_valid' }, { generation: '{"a": 1} trailing' })).toBe(0);
    expect(score({ type: 'json_valid' }, { generation: '"just a string"' })).toBe(1);
    expect(score({ type: 'json_valid', objectOnly: true }, { generation: '"just a string"' })).toBe(0);
    const schema = { type: 'object', properties: { status: { enum: ['ok', 'error'] } }, required: ['status'] };
    expect(score({ type: 'json_schema_valid', schema }, { generation: '{"status":"ok"}' })).toBe(1);
    expect(score({ type: 'json_schema_valid', schema }, { generation: '{"status":"maybe"}' })).toBe(0);
    expect(score({ type: 'json_schema_valid', schema }, { generation: 'not json' })).toBe(0);
  });

  it('max_length counts code points, or tokens when the sample has a token count', () => {
    expect(score({ type: 'max_length', max: 3 }, { generation: 'a😀c' })).toBe(1);
    expect(score({ type: 'max_length', max: 3 }, { generation: 'abcd' })).toBe(0);
    expect(score({ type: 'max_length', max: 3, unit: 'tokens' }, { generation: 'abcdefgh', generationTokens: 3 })).toBe(1);
    expect(score({ type: 'max_length', max: 3, unit: 'tokens' }, { generation: 'abc', generationTokens: 4 })).toBe(0);
    expect(score({ type: 'max_length', max: 3, unit: 'tokens' }, { generation: 'abc' })).toBeNull();
  });
});

describe('evaluateGenerations', () => {
  it('aggregates each metric as a mean over the samples it applies to, with counts and sample rows', () => {
    const specs = parseGenerationMetricSpecs([
      { type: 'exact_match' },
      { type: 'json_valid' },
      { type: 'regex_match', name: 'slow regex', pattern: '^(\\d*)*\\d*\\d*x$' },
    ]);
    const samples: GenerationSample[] = [
      { prompt: 'p1', generation: '{"a":1}', reference: '{"a":1}' },
      { prompt: 'p2', generation: '{"a":2}', reference: '{"a":1}' },
      { prompt: 'p3', generation: 'oops' },
      { prompt: 'p4', generation: `${'1'.repeat(5000)}!` }, // catastrophic for a backtracking engine; RE2 answers no
      { prompt: 'p5', generation: 'x'.repeat(20_000) }, // over the input limit: an error, scored 0
    ];
    const result = evaluateGenerations(compileMetrics(specs), samples, { sampleRows: 2 });
    expect(result.metrics).toEqual([
      { name: 'exact_match', type: 'exact_match', mean: 0.5, passed: 1, scored: 2, skipped: 3, errors: 0 },
      { name: 'json_valid', type: 'json_valid', mean: 0.4, passed: 2, scored: 5, skipped: 0, errors: 0 },
      { name: 'slow regex', type: 'regex_match', mean: 0, passed: 0, scored: 5, skipped: 0, errors: 1 },
    ]);
    expect(result.samples).toEqual([
      { prompt: 'p1', generation: '{"a":1}', reference: '{"a":1}', scores: { exact_match: 1, json_valid: 1, 'slow regex': 0 } },
      { prompt: 'p2', generation: '{"a":2}', reference: '{"a":1}', scores: { exact_match: 0, json_valid: 1, 'slow regex': 0 } },
    ]);
    expect(evaluateGenerations(compileMetrics(specs), []).metrics[0]!.mean).toBeNull();
  });
});
