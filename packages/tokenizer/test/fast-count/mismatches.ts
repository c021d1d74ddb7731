import { createFastTokenCounter, type LoadedTokenizer } from '../../src';

export interface Mismatch {
  text: string;
  fast: number;
  full: number;
  pass: number;
}

/** Texts the fast counter counts differently from a full encode (none expected). */
export function mismatches(tokenizer: LoadedTokenizer, texts: readonly string[], counter = createFastTokenCounter(tokenizer)): Mismatch[] {
  const full = texts.map((text) => tokenizer.encode(text, { addSpecialTokens: false }).length);
  const wrong: Mismatch[] = [];
  // Twice: the first pass fills the cache (misses), the second reads it (hits).
  for (let pass = 0; pass < 2; pass++) {
    texts.forEach((text, i) => {
      const fast = counter.count(text);
      if (fast !== full[i]) wrong.push({ text, fast, full: full[i]!, pass });
    });
  }
  return wrong;
}
