import { generate, type LogitsModel } from '../generate/generate';
import { evaluateGenerations, type GenerationEvaluation } from './evaluate-generations';
import type { CompiledMetric } from './metric-spec';
import type { GenerationSample } from './metrics/metric-scorer';

/** A validation prompt: its tokens (chat template already applied), and the expected answer if any. */
export interface EvalPrompt {
  promptIds: number[];
  /** The prompt as text, for sample rows. */
  prompt?: string;
  reference?: string;
}

export interface GenerationEvalOptions {
  /** Token ids to text (e.g. tokenizer.decode with special tokens skipped). */
  decode: (tokens: readonly number[]) => string;
  maxNewTokens: number;
  eosTokenIds: readonly number[];
  padTokenId: number;
  /** Samples returned with their scores (default 3). */
  sampleRows?: number;
}

export interface GenerationEvalResult extends GenerationEvaluation {
  /** Every generation, in prompt order. */
  generations: (GenerationSample & { finishReason: 'stop' | 'length' })[];
}

/**
 * Greedy generations for the validation prompts, scored with the job's metrics. The model is any
 * logits model (createLogitsModel: the base alone, base + a LoRA checkpoint, or full fine-tuned
 * weights), so a job evaluates the base once and then each checkpoint the same way. Greedy decoding
 * keeps the numbers reproducible.
 */
export async function runGenerationEval(
  model: LogitsModel,
  prompts: readonly EvalPrompt[],
  metrics: readonly CompiledMetric[],
  options: GenerationEvalOptions,
): Promise<GenerationEvalResult> {
  const outputs = await generate(
    model,
    prompts.map((p) => p.promptIds),
    { maxNewTokens: options.maxNewTokens, eosTokenIds: options.eosTokenIds, padTokenId: options.padTokenId, sampling: { kind: 'greedy' } },
  );
  const generations = outputs.map((out, i) => {
    const p = prompts[i]!;
    return {
      ...(p.prompt !== undefined ? { prompt: p.prompt } : {}),
      generation: options.decode(out.tokens),
      ...(p.reference !== undefined ? { reference: p.reference } : {}),
      generationTokens: out.tokens.length,
      finishReason: out.finishReason,
    };
  });
  const evaluation = evaluateGenerations(metrics, generations, options.sampleRows !== undefined ? { sampleRows: options.sampleRows } : {});
  return { ...evaluation, generations };
}
