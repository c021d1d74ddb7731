import { deriveSeed, mulberry32 } from '../data/seeded-random';
import { LLAMA_IO } from '../model/llama-graph';
import type { GraphSession } from '../runtime/graph-session';
import { hostTensor, type HostTensor } from '../tensor/host-tensor';
import { greedyToken, type Sampling, topPToken } from './sampling';

/** A logits graph's session plus the feeds it needs besides the tokens (LoRA matrices, trainable weights). */
export interface LogitsModel {
  session: GraphSession;
  feeds?: Record<string, HostTensor>;
}

export interface GenerationOptions {
  maxNewTokens: number;
  /** Generation of a row stops after any of these (not included in the result). */
  eosTokenIds: readonly number[];
  padTokenId: number;
  sampling: Sampling;
}

export interface Generation {
  tokens: number[];
  finishReason: 'stop' | 'length';
}

/**
 * Continues each prompt token by token. Rows are left-padded into one batch (positions follow the
 * attention mask, so padding does not change a row's result) and finished rows leave the batch. Each
 * step recomputes the whole sequence: there is no KV cache, so cost grows with the square of the length.
 * Sampling draws from a stream per prompt, seeded by (seed, prompt index): results do not depend on
 * which other prompts share the batch.
 */
export async function generate(model: LogitsModel, prompts: readonly number[][], options: GenerationOptions): Promise<Generation[]> {
  if (prompts.some((p) => p.length === 0)) throw new Error('generate: every prompt needs at least one token');
  const sampling = options.sampling;
  const randoms = prompts.map((_, i) => (sampling.kind === 'top-p' ? mulberry32(deriveSeed(sampling.seed, 'sample', i)) : undefined));
  const results: Generation[] = prompts.map(() => ({ tokens: [], finishReason: 'length' }));
  let active = prompts.map((_, i) => i);
  for (let step = 0; step < options.maxNewTokens && active.length > 0; step++) {
    const sequences = active.map((i) => [...prompts[i]!, ...results[i]!.tokens]);
    const width = Math.max(...sequences.map((s) => s.length));
    const ids = sequences.flatMap((s) => [...new Array<number>(width - s.length).fill(options.padTokenId), ...s]);
    const mask = sequences.flatMap((s) => [...new Array<number>(width - s.length).fill(0), ...new Array<number>(s.length).fill(1)]);
    const out = await model.session.run(
      {
        ...model.feeds,
        [LLAMA_IO.inputIds]: hostTensor('int64', [active.length, width], ids),
        [LLAMA_IO.attentionMask]: hostTensor('int64', [active.length, width], mask),
      },
      [LLAMA_IO.logits],
    );
    const logits = out[LLAMA_IO.logits]!;
    const vocab = logits.shape[2]!;
    const data = logits.data as Float32Array;
    const stillActive: number[] = [];
    active.forEach((promptIndex, row) => {
      const start = (row * width + width - 1) * vocab;
      const last = data.subarray(start, start + vocab);
      const token = sampling.kind === 'greedy' ? greedyToken(last) : topPToken(last, sampling.topP, sampling.temperature, randoms[promptIndex]!);
      const result = results[promptIndex]!;
      if (options.eosTokenIds.includes(token)) {
        result.finishReason = 'stop';
        return;
      }
      result.tokens.push(token);
      stillActive.push(promptIndex);
    });
    active = stillActive;
  }
  return results;
}
