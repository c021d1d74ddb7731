import { ValidationReportSchema, ValidationSummarySchema, summarizeReport, validateDataset } from '../src';
import { chatRows, chunksOf, validateText } from './helpers/sources';

describe('validateDataset', () => {
  it('passes a clean file of 60 chat examples with no errors or warnings', async () => {
    const report = await validateText(chatRows(60).join('\n'));
    expect(report).toMatchObject({ object: 'file.validation', format: 'chat', examples: 60, ok: true, warnings: [] });
    expect(report.errors).toEqual({ items: [], counts: {}, total: 0, truncated: false });
  });

  it('requires 10 examples and recommends 50 by default', async () => {
    const nine = await validateText(chatRows(9).join('\n'));
    expect(nine.ok).toBe(false);
    expect(nine.errors.items).toEqual([
      { line: null, pointer: '', code: 'insufficient_examples', message: 'the file has 9 valid examples; at least 10 are required' },
    ]);
    const ten = await validateText(chatRows(10).join('\n'));
    expect(ten.ok).toBe(true);
    expect(ten.warnings.map((w) => w.code)).toEqual(['too_few_examples']);
  });

  it('produces a report that survives a JSON round trip through its schema', async () => {
    const report = await validateText(`${chatRows(12).join('\n')}\n{"messages":[]}\n`, { tokenCounter: { countExample: () => ({ total: 3, trained: 1 }) } });
    const stored = JSON.parse(JSON.stringify(report));
    expect(ValidationReportSchema.parse(stored)).toEqual(report);
    expect(ValidationSummarySchema.parse(summarizeReport(report))).toEqual(summarizeReport(report));
  });

  it('stops between chunks when aborted', async () => {
    const controller = new AbortController();
    async function* slow(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(`${chatRows(1)[0]}\n`);
      controller.abort(new Error('worker shutting down'));
      yield Buffer.from(`${chatRows(1)[0]}\n`);
    }
    await expect(validateDataset(slow(), { signal: controller.signal })).rejects.toThrow('worker shutting down');
  });

  it('lets a failing source reject instead of reporting a short file as valid', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(chatRows(20).join('\n'));
      throw new Error('socket hang up');
    }
    await expect(validateDataset(broken())).rejects.toThrow('socket hang up');
  });

  it('names the configured limit in line_too_long', async () => {
    const report = await validateDataset(chunksOf(Buffer.from(`${'x'.repeat(100)}\n`)), { maxLineBytes: 64, minExamples: 0 });
    expect(report.errors.items[0]!.message).toBe('line is 100 bytes, longer than the 64-byte limit');
  });
});
