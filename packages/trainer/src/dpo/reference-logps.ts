import { createHash } from 'node:crypto';
import type { Batch } from '../data/batch';
import type { LlamaConfig } from '../model/llama-config';
import { buildLlamaGraph, LLAMA_IO } from '../model/llama-graph';
import type { GraphSession } from '../runtime/graph-session';
import type { RuntimeConfig } from '../runtime/runtime-config';
import { sessionForGraph, type SessionForGraphOptions } from '../runtime/session-for-graph';
import type { HostTensor } from '../tensor/host-tensor';

/** The reference model's Σ log p of each pair's chosen and rejected completion, in batch pair order. */
export interface PairReferenceLogps {
  chosen: Float64Array;
  rejected: Float64Array;
}

/**
 * The DPO reference model: the frozen base weights (for LoRA that is the policy with its adapter
 * off, as TRL does with PEFT models; for full fine-tuning, the initial weights), scoring sequences
 * with the same per-row log-prob head as the policy. The reference never changes during a run, so
 * each sequence is scored once and remembered by its content (tokens, mask, positions, label
 * weights), which makes the cache independent of batch order, pairing and padding width. The cache
 * holds one number per distinct sequence seen.
 */
export class ReferenceLogps {
  private readonly cache = new Map<string, number>();
  private forwardPasses = 0;

  private constructor(private readonly session: GraphSession) {}

  static async create(
    config: LlamaConfig,
    weights: ReadonlyMap<string, HostTensor>,
    runtime?: Partial<RuntimeConfig>,
    sessions?: SessionForGraphOptions,
  ): Promise<ReferenceLogps> {
    const { graph } = buildLlamaGraph(config, weights, { objective: 'sequence-logps', trainable: { kind: 'none' }, name: 'llama.dpo.reference' });
    return new ReferenceLogps(await sessionForGraph(graph, runtime, sessions));
  }

  /** Sequences scored so far (each once). */
  get size(): number {
    return this.cache.size;
  }

  /** Reference forward passes run so far: one per batch that held a sequence not seen before. */
  get passes(): number {
    return this.forwardPasses;
  }

  /** The reference log-probs of a preference batch (2B rows, chosen first), scoring only unseen sequences. */
  async forBatch(batch: Batch): Promise<PairReferenceLogps> {
    const [rows] = batch.input_ids.shape as [number, number];
    if (rows % 2 !== 0) throw new Error(`a preference batch has an even number of rows (chosen then rejected), got ${rows}`);
    const keys = Array.from({ length: rows }, (_, r) => sequenceKey(batch, r));
    if (keys.some((k) => !this.cache.has(k))) {
      const out = await this.session.run(
        {
          [LLAMA_IO.inputIds]: batch.input_ids,
          [LLAMA_IO.attentionMask]: batch.attention_mask,
          [LLAMA_IO.labels]: batch.labels,
          [LLAMA_IO.labelWeights]: batch.label_weights,
          [LLAMA_IO.positionIds]: batch.position_ids,
        },
        [LLAMA_IO.sequenceLogps],
      );
      this.forwardPasses++;
      const logps = out[LLAMA_IO.sequenceLogps]!.data as Float32Array;
      keys.forEach((k, r) => this.cache.set(k, logps[r]!));
    }
    const pairs = rows / 2;
    return {
      chosen: Float64Array.from(keys.slice(0, pairs), (k) => this.cache.get(k)!),
      rejected: Float64Array.from(keys.slice(pairs), (k) => this.cache.get(k)!),
    };
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/** A digest of row r's real tokens and what is scored on them; padding does not enter it. */
function sequenceKey(batch: Batch, r: number): string {
  const width = batch.input_ids.shape[1]!;
  const mask = batch.attention_mask.data as BigInt64Array;
  let length = 0;
  for (let t = 0; t < width; t++) if (mask[r * width + t] !== 0n) length = t + 1;
  const slice = (t: HostTensor) => {
    const data = t.data as BigInt64Array | Float32Array;
    const part = data.subarray(r * width, r * width + length);
    return Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  };
  const hash = createHash('sha256');
  for (const t of [batch.input_ids, batch.attention_mask, batch.position_ids, batch.labels, batch.label_weights]) hash.update(slice(t));
  return hash.digest('base64');
}
