import type { Example } from '../formats/example';

export interface TokenCount {
  /** Tokens of the whole rendered example (what must fit in the context). */
  total: number;
  /** Tokens that carry loss: assistant turns with weight 1, completions, preference outputs. */
  trained: number;
  /**
   * Tokens one training pass runs through the model, the unit `trained_tokens` bills (as OpenAI
   * does: every token of the training data, per epoch): both sequences of a preference pair, the
   * prompt counted in each. Defaults to `total` (one sequence per example).
   */
  processed?: number;
}

/**
 * Injected by the caller (the worker wires @whetstone/tokenizer with the job's
 * model), so this package stays free of tokenizer files and model choices.
 * Must be synchronous: it runs once per example on the validation hot path.
 */
export interface TokenCounter {
  countExample(example: Example): TokenCount;
  /**
   * False when the model's chat template renders no tools (it would drop tool definitions, calls
   * and results): examples that use tools are then errors, not silently trained without them.
   */
  supportsTools?: boolean;
  /** The model whose tokenizer counts, named in errors. */
  modelName?: string;
}
