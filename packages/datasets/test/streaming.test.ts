import { decodeUtf8Line } from '../src/lines/utf8';
import { validateDataset, type ValidationReport } from '../src';
import { chunksOf, randomChunkSizes, seededRandom } from './helpers/sources';

/**
 * A report must not depend on how the bytes were chunked: S3 and file streams cut
 * anywhere, including inside a multi-byte character, a CRLF pair or the BOM.
 */
const corpus = Buffer.concat([
  Buffer.from('\uFEFF'),
  Buffer.from('{"messages":[{"role":"user","content":"Grüße, 世界 🎉"},{"role":"assistant","content":"¡Hola! — “quoted” 😀"}]}\r\n'),
  Buffer.from('\r\n   \r\n'),
  Buffer.from('{"messages":[{"role":"user","content":"€uro"},{"role":"assistant","content":"ok","weight":1}]}\r\n'),
  Buffer.from('{"messages":[{"role":"user","content":"bad \\ud800"},{"role":"assistant","content":"x"}]}\n'),
  Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe4, 0xb8, 0x22, 0x7d, 0x0d, 0x0a]), // truncated 3-byte char
  Buffer.from(`{"messages":[{"role":"user","content":"${'長'.repeat(200)}"},{"role":"assistant","content":"long"}]}\r\n`),
  Buffer.from('{"messages":[{"role":"user","content":"Grüße, 世界 🎉"},{"role":"assistant","content":"¡Hola! — “quoted” 😀"}]}\n'),
  Buffer.from('{"prompt":"mixed"}\r\n'),
  Buffer.from('{"messages":[{"role":"user","content":"ünïcödé"},{"role":"assistant","content":"last, no newline"}]}'),
]);
const options = { maxLineBytes: 400, minExamples: 0, recommendedExamples: 0 };

async function reportFor(sizes: number[] | undefined): Promise<ValidationReport> {
  return validateDataset(chunksOf(corpus, sizes), options);
}

describe('chunk-boundary independence', () => {
  let whole: ValidationReport;
  beforeAll(async () => {
    whole = await reportFor(undefined);
  });

  it('gives the expected report in one chunk', () => {
    expect(whole.examples).toBe(4);
    expect(whole.lines).toEqual({ total: 10, blank: 2, invalid: 4 });
    expect(whole.errors.items.map((e) => [e.line, e.code])).toEqual([
      [5, 'lone_surrogate'],
      [6, 'invalid_utf8'],
      [7, 'line_too_long'],
      [9, 'mixed_formats'],
    ]);
    expect(whole.warnings.find((w) => w.code === 'duplicate_examples')).toMatchObject({ lines: [8], related_lines: [1] });
  });

  it('gives the same report fed byte by byte', async () => {
    expect(await reportFor([1])).toEqual(whole);
  });

  it('gives the same report for 200 random chunkings', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const report = await reportFor(randomChunkSizes(seed, 64, 1 + (seed % 40)));
      expect(report).toEqual(whole);
    }
  });
});

describe('UTF-8 validation', () => {
  it('accepts exactly what TextDecoder with fatal: true accepts', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const random = seededRandom(7);
    // Bytes biased toward the edges of the UTF-8 grammar.
    const interesting = [0x00, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x90, 0x8f];
    for (let i = 0; i < 20_000; i++) {
      const length = 1 + Math.floor(random() * 6);
      const bytes = Buffer.alloc(length);
      for (let j = 0; j < length; j++) {
        bytes[j] = random() < 0.7 ? interesting[Math.floor(random() * interesting.length)]! : Math.floor(random() * 256);
      }
      let expected: string | undefined;
      try {
        expected = decoder.decode(bytes);
      } catch {
        expected = undefined;
      }
      expect([bytes.toString('hex'), decodeUtf8Line(bytes)]).toEqual([bytes.toString('hex'), expected]);
    }
  });
});
