/** A special token as the tokenizer knows it: its text and its id. */
export interface SpecialToken {
  content: string;
  id: number;
}

export interface SpecialTokens {
  bos?: SpecialToken;
  eos?: SpecialToken;
  pad?: SpecialToken;
  unk?: SpecialToken;
}

/** An entry of tokenizer.json `added_tokens` (and, without `id`, of tokenizer_config `added_tokens_decoder`). */
export interface AddedTokenEntry {
  id: number;
  content: string;
  single_word?: boolean;
  lstrip?: boolean;
  rstrip?: boolean;
  normalized?: boolean;
  special?: boolean;
}

/**
 * tokenizer_config.json stores special tokens either as plain strings (`"bos_token": "<s>"`) or,
 * in older files, as serialized AddedToken objects (`{"__type": "AddedToken", "content": "<s>"}`).
 */
export function specialTokenContent(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return undefined;
}

/**
 * The added tokens of tokenizer.json plus those only declared in tokenizer_config.json's
 * `added_tokens_decoder` (transformers adds those at load time too), sorted by id.
 */
export function mergeAddedTokens(fromTokenizerJson: readonly AddedTokenEntry[], addedTokensDecoder: unknown): AddedTokenEntry[] {
  const byId = new Map<number, AddedTokenEntry>(fromTokenizerJson.map((token) => [token.id, token]));
  if (addedTokensDecoder && typeof addedTokensDecoder === 'object') {
    for (const [idText, entry] of Object.entries(addedTokensDecoder as Record<string, unknown>)) {
      const id = Number(idText);
      const content = specialTokenContent(entry);
      if (!Number.isInteger(id) || content === undefined || byId.has(id)) continue;
      byId.set(id, { special: false, normalized: false, lstrip: false, rstrip: false, single_word: false, ...(entry as object), id, content });
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}
