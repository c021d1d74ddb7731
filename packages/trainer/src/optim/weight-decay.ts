export interface DecayPolicy {
  /** Whether embedding matrices (embed_tokens, lm_head) get weight decay; Hugging Face's Trainer decays them. */
  decayEmbeddings: boolean;
}

/**
 * Which tensors get weight decay, following Hugging Face's Trainer: everything but biases and
 * normalisation weights; embeddings by policy. LoRA matrices decay.
 */
export function shouldDecay(name: string, policy: DecayPolicy = { decayEmbeddings: true }): boolean {
  if (name.endsWith('.bias')) return false;
  if (/(^|\.)([a-z_]*norm)(\.|$)/.test(name)) return false;
  if (!policy.decayEmbeddings && /(embed_tokens|lm_head)(\.|$)/.test(name)) return false;
  return true;
}
