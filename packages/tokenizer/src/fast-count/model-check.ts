import { BPE, WordPiece, type Model } from '@huggingface/tokenizers';

/**
 * Why the model's tokens for a list of pieces might not be the sum of its tokens for each piece,
 * or undefined when they always are. BPE and WordPiece encode piece by piece; the catch is
 * `fuse_unk`, which merges runs of unknown tokens across pieces. That is harmless when the model
 * cannot produce an unknown token at all: BPE with byte fallback over all 256 byte tokens (Llama
 * 2 and Mistral set fuse_unk that way), provided the unknown token's own text is split out as an
 * added token before the model sees it. Unigram always fuses.
 */
export function whyModelIsNotAdditive(model: Model, splitOutTokens: ReadonlySet<string>): string | undefined {
  if (!(model instanceof BPE) && !(model instanceof WordPiece)) {
    return `the ${model.constructor.name} model merges unknown tokens across pieces`;
  }
  if (!model.fuse_unk || model.unk_token_id === undefined) return undefined;
  const neverUnknown =
    model instanceof BPE &&
    model.byte_fallback &&
    allByteTokens(model) &&
    (model.unk_token === undefined || splitOutTokens.has(model.unk_token));
  return neverUnknown ? undefined : 'the model fuses unknown tokens across pieces (fuse_unk) and can produce them';
}

function allByteTokens(model: BPE): boolean {
  for (let byte = 0; byte < 256; byte++) {
    if (!model.tokens_to_ids.has(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`)) return false;
  }
  return true;
}
