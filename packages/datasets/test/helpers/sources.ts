import { validateDataset, type ValidateDatasetOptions, type ValidationReport } from '../../src';

/** Seeded PRNG (mulberry32): property-style loops without fast-check. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function toBytes(input: string | Uint8Array): Uint8Array {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
}

/** Yields `bytes` as plain Uint8Array chunks (not Buffers) of the given sizes, cycling. */
export async function* chunksOf(bytes: Uint8Array, sizes: number[] = [bytes.length || 1]): AsyncGenerator<Uint8Array> {
  let offset = 0;
  let i = 0;
  while (offset < bytes.length) {
    const size = Math.max(1, sizes[i++ % sizes.length]!);
    yield new Uint8Array(bytes.slice(offset, offset + size));
    offset += size;
  }
}

/** Random chunk sizes between 1 and maxSize, from a seed. */
export function randomChunkSizes(seed: number, count: number, maxSize: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => 1 + Math.floor(random() * maxSize));
}

/** Validation with the file-level example-count checks off, to look at line errors alone. */
export const LINE_ERRORS_ONLY: ValidateDatasetOptions = { minExamples: 0, recommendedExamples: 0 };

export function validateText(input: string | Uint8Array, options: ValidateDatasetOptions = {}): Promise<ValidationReport> {
  return validateDataset(chunksOf(toBytes(input)), options);
}

/** [line, code, pointer] of every stored error: what the hostile-corpus tests compare. */
export function errorTriples(report: ValidationReport): Array<[number | null, string, string]> {
  return report.errors.items.map((e) => [e.line, e.code, e.pointer]);
}

export function jsonl(rows: unknown[]): string {
  return rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n') + '\n';
}

/** A valid, distinct chat example. */
export function chatRow(i: number, assistant = `answer ${i}`): { messages: Array<{ role: string; content: string }> } {
  return {
    messages: [
      { role: 'user', content: `question ${i}` },
      { role: 'assistant', content: assistant },
    ],
  };
}

export function chatRows(count: number, from = 0): string[] {
  return Array.from({ length: count }, (_, i) => JSON.stringify(chatRow(from + i)));
}
