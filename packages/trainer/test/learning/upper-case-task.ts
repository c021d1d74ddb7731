import { renderChat, type LoadedTokenizer } from '@whetstone/tokenizer';
import type { ChatExample } from '../../src/data/examples';
import { mulberry32 } from '../../src/data/seeded-random';
import { generate, type LogitsModel } from '../../src/generate/generate';
import { writeTinyModelFolder, type TinyModelOptions } from '../../src/io/tiny-model';

/**
 * A taught format the tiny model learns in seconds: the user sends three letters joined by dashes
 * ("k-b-m"), the assistant answers "ANSWER: K-B-M". Held-out prompts are letter combinations never
 * seen in training, so an exact answer needs the learned rule (copy each letter at a fixed offset,
 * upper-cased), not recall. The letters are ones the tiny tokenizer keeps as single tokens in both
 * cases, so every answer has the same token layout.
 */
export const TASK_ALPHABET = 'abcdefghjkmn';

/** `count` distinct words, the same for the same seed. */
export function taskWords(count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const words = new Set<string>();
  while (words.size < count) words.add(Array.from({ length: 3 }, () => TASK_ALPHABET[Math.floor(random() * TASK_ALPHABET.length)]).join('-'));
  return [...words];
}

export const taskAnswer = (word: string): string => `ANSWER: ${word.toUpperCase()}`;

export function taskExample(word: string): ChatExample {
  return { messages: [{ role: 'user', content: word }, { role: 'assistant', content: taskAnswer(word) }] };
}

/** 200 training words and 60 held-out ones, disjoint. */
export function taskSplit(): { train: string[]; heldOut: string[] } {
  const words = taskWords(260, 7);
  return { train: words.slice(0, 200), heldOut: words.slice(200) };
}

/**
 * The tiny Llama the learning tests train: 2 layers, hidden 64. Init std 0.15 rather than the
 * default 0.02: with frozen tied embeddings of std 0.02, LoRA could never make any logit large
 * enough for a confident prediction (|logit| ≤ √hidden · |embedding row| ≈ 1.3).
 */
export const TASK_MODEL: TinyModelOptions = { seed: 3, hiddenSize: 64, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 128, initStd: 0.15 };

export function writeTaskModel(dir: string): Promise<string[]> {
  return writeTinyModelFolder(dir, TASK_MODEL);
}

/** The token ids of a chat prompt ready for the assistant's reply. */
export function promptIds(tokenizer: LoadedTokenizer, word: string): number[] {
  return tokenizer.encode(renderChat(tokenizer, [{ role: 'user', content: word }], { addGenerationPrompt: true }), { addSpecialTokens: false });
}

/** Share of held-out words whose greedy reply is exactly the taught answer, and the replies. */
export async function exactMatch(model: LogitsModel, tokenizer: LoadedTokenizer, words: readonly string[]): Promise<{ rate: number; replies: string[] }> {
  const generations = await generate(
    model,
    words.map((w) => promptIds(tokenizer, w)),
    { maxNewTokens: 16, eosTokenIds: [tokenizer.eosTokenId!], padTokenId: tokenizer.padTokenId ?? 0, sampling: { kind: 'greedy' } },
  );
  const replies = generations.map((g) => tokenizer.decode(g.tokens));
  const hits = replies.filter((reply, i) => reply === taskAnswer(words[i]!)).length;
  return { rate: hits / words.length, replies };
}
