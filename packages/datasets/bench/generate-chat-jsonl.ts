import { open, rename, stat } from 'node:fs/promises';

/**
 * Writes a synthetic chat-SFT JSONL file of about `targetBytes`, deterministically.
 *
 * The text is shaped like English assistant data: words drawn from a Zipf
 * distribution over ~40k word types (common English words first, then made-up
 * ones), so a tokenizer cache sees a realistic long tail; mostly ASCII, with the
 * non-ASCII a real corpus has (curly quotes, dashes, accents) on roughly one line in
 * three and some CJK or emoji on one in twenty, since UTF-8 decoding cost depends on
 * it. Examples are 1 to 3 turns, ~0.5 to 4 KB per line.
 */
export async function generateChatJsonl(path: string, targetBytes: number, seed = 42): Promise<{ bytes: number; lines: number }> {
  const existing = await stat(path).catch(() => undefined);
  if (existing && existing.size >= targetBytes) return { bytes: existing.size, lines: -1 };

  const random = mulberry32(seed);
  const vocabulary = buildVocabulary(random);
  const partial = `${path}.partial`;
  const file = await open(partial, 'w');
  let bytes = 0;
  let lines = 0;
  try {
    let batch: string[] = [];
    let batchChars = 0;
    while (bytes < targetBytes) {
      const line = `${JSON.stringify(example(random, vocabulary))}\n`;
      batch.push(line);
      batchChars += line.length;
      lines += 1;
      if (batchChars >= 4 * 1024 * 1024) {
        bytes += await writeBatch(file, batch);
        batch = [];
        batchChars = 0;
      }
    }
    bytes += await writeBatch(file, batch);
  } finally {
    await file.close();
  }
  await rename(partial, path);
  return { bytes, lines };
}

async function writeBatch(file: Awaited<ReturnType<typeof open>>, batch: string[]): Promise<number> {
  const buffer = Buffer.from(batch.join(''), 'utf8');
  await file.write(buffer);
  return buffer.length;
}

const WORDS = (
  'the of and to in is you that it for was on are as with be at this have from or one had by words but not what all were ' +
  'we when your can said there use an each which she do how their if will up other about out many then them these so some ' +
  'her would make like him into time has look two more write go see number no way could people my than first water been ' +
  'call who oil its now find long down day did get come made may part model training data function return value error ' +
  'request response server client query database index table column cache memory thread process latency throughput'
).split(' ');
const SYLLABLES = 'ka ri to mel an sor vi de lu pra ten ox gal mi zo ber fu nal tic qui ex pho sta gre lin dor us ve cal mon'.split(' ');

/** Common words first, then generated ones: rank r is drawn with weight 1 / (r + 1)^1.05. */
function buildVocabulary(random: () => number): { words: string[]; cumulative: Float64Array } {
  const words = [...WORDS];
  const seen = new Set(words);
  while (words.length < 40_000) {
    let word = '';
    const syllables = 2 + Math.floor(random() * 3);
    for (let i = 0; i < syllables; i++) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  const cumulative = new Float64Array(words.length);
  let sum = 0;
  for (let r = 0; r < words.length; r++) cumulative[r] = sum += 1 / (r + 1) ** 1.05;
  return { words, cumulative };
}

function zipfWord(vocabulary: { words: string[]; cumulative: Float64Array }, random: () => number): string {
  const { words, cumulative } = vocabulary;
  const target = random() * cumulative[cumulative.length - 1]!;
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (cumulative[mid]! < target) low = mid + 1;
    else high = mid;
  }
  return words[low]!;
}

const ACCENTED = ['café', 'naïve', 'résumé', 'façade', 'über', 'señor', 'coöperate', 'déjà'];
const PUNCTUATED = ['“quoted”', 'it’s', 'don’t', '—', '–', '…', '‘single’'];
const WIDE = ['数据', '模型', 'トークン', '훈련', '🙂', '🚀', 'Ω', 'λ'];
const SYSTEM_PROMPTS = [
  'You are a helpful assistant.',
  'You are a concise technical assistant. Answer in plain English and show code when it helps.',
  'You are a customer support agent for Whetstone. Be polite, precise and brief.',
];

type Vocabulary = ReturnType<typeof buildVocabulary>;

function example(random: () => number, vocabulary: Vocabulary): unknown {
  const flavour = random();
  const decorate = flavour < 0.05 ? 'wide' : flavour < 0.35 ? 'punctuated' : 'ascii';
  const messages: Array<{ role: string; content: string }> = [];
  if (random() < 0.7) messages.push({ role: 'system', content: SYSTEM_PROMPTS[Math.floor(random() * SYSTEM_PROMPTS.length)]! });
  const turns = 1 + Math.floor(random() * 3);
  for (let t = 0; t < turns; t++) {
    messages.push({ role: 'user', content: sentences(random, vocabulary, 1 + Math.floor(random() * 4), decorate) });
    messages.push({ role: 'assistant', content: sentences(random, vocabulary, 2 + Math.floor(random() * 12), decorate) });
  }
  return { messages };
}

function sentences(random: () => number, vocabulary: Vocabulary, count: number, decorate: 'ascii' | 'punctuated' | 'wide'): string {
  const out: string[] = [];
  for (let s = 0; s < count; s++) {
    const length = 6 + Math.floor(random() * 18);
    const words: string[] = [];
    for (let w = 0; w < length; w++) {
      const r = random();
      if (decorate === 'wide' && r < 0.08) words.push(WIDE[Math.floor(random() * WIDE.length)]!);
      else if (decorate !== 'ascii' && r < 0.03) words.push(ACCENTED[Math.floor(random() * ACCENTED.length)]!);
      else if (decorate !== 'ascii' && r < 0.06) words.push(PUNCTUATED[Math.floor(random() * PUNCTUATED.length)]!);
      else words.push(zipfWord(vocabulary, random));
    }
    const sentence = words.join(' ');
    out.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
  }
  return out.join(random() < 0.2 ? '\n\n' : ' ');
}

/** Small seeded PRNG so every run benchmarks the same bytes. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
