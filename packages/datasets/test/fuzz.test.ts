import { ValidationReportSchema, validateDataset } from '../src';
import { chunksOf, seededRandom } from './helpers/sources';

/**
 * Seeded mutations of valid rows of every format: whatever the damage, validation
 * must not throw, every line must be either a valid example or carry an error, and
 * the report must match its schema.
 */
const seeds = [
  '{"messages":[{"role":"system","content":"s"},{"role":"user","content":[{"type":"text","text":"q"}]},{"role":"assistant","content":"a","weight":1}]}',
  '{"messages":[{"role":"user","content":"q"},{"role":"assistant","content":null,"tool_calls":[{"id":"c","type":"function","function":{"name":"f","arguments":"{}"}}]},{"role":"tool","tool_call_id":"c","content":"r"},{"role":"assistant","content":"done"}],"tools":[{"type":"function","function":{"name":"f"}}]}',
  '{"prompt":"p","completion":"c"}',
  '{"input":{"messages":[{"role":"user","content":"q"}]},"preferred_output":[{"role":"assistant","content":"good"}],"non_preferred_output":[{"role":"assistant","content":"bad"}]}',
  '{"prompt":[{"role":"user","content":"q"}],"chosen":[{"role":"assistant","content":"good"}],"rejected":[{"role":"assistant","content":"bad"}]}',
];
const fragments = ['null', '[]', '{}', '0', '1e999', '"x"', 'true', '"\\ud800"', '[[[[', '}}', ',', ':', '"role"', '"assistant"', '"weight":0.5', '\u0000', 'é', '\\'];

function mutate(line: string, random: () => number): Buffer {
  let text = line;
  const edits = 1 + Math.floor(random() * 3);
  for (let i = 0; i < edits; i++) {
    const at = Math.floor(random() * (text.length + 1));
    const kind = random();
    if (kind < 0.35) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 8));
    else if (kind < 0.8) text = text.slice(0, at) + fragments[Math.floor(random() * fragments.length)] + text.slice(at);
    else text = text.slice(0, at) + text.slice(at).replace(/"[a-z_]+"/, fragments[Math.floor(random() * fragments.length)]!);
  }
  const bytes = Buffer.from(text.replace(/\n/g, ' '));
  if (random() < 0.05) bytes[Math.floor(random() * bytes.length)] = 0x80 + Math.floor(random() * 0x80); // break UTF-8
  return bytes;
}

describe('fuzzed rows', () => {
  it.each(seeds.map((seed, i) => [i, seed] as const))('format seed %i: 400 mutations never throw and every line is accounted for', async (i, seed) => {
    const random = seededRandom(1000 + i);
    const lines = Array.from({ length: 400 }, () => mutate(seed, random));
    const file = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]));
    const report = await validateDataset(chunksOf(file, [4096]), { maxStoredErrors: 100_000, minExamples: 0, recommendedExamples: 0 });
    expect(() => ValidationReportSchema.parse(report)).not.toThrow();
    const linesWithErrors = new Set(report.errors.items.map((e) => e.line));
    expect(linesWithErrors.size).toBe(report.lines.invalid);
    expect(report.examples + report.lines.invalid + report.lines.blank).toBe(report.lines.total);
  });
});
