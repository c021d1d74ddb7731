import type { HostTensor } from '../tensor/host-tensor';
import type { TokenizedExample } from './examples';

/** Label value of positions that are not trained on (the PyTorch / HF ignore index). */
export const IGNORE_INDEX = -100;

/**
 * One training batch, B rows of T positions, right-padded. Labels follow Hugging Face's causal-LM
 * convention, the one the engine's loss graph expects: NOT shifted. `labels[b, t]` is
 * `input_ids[b, t]` when that token is trained on, else -100; the loss shifts by one so that
 * position t's logits are scored against labels[b, t + 1]. The keys equal the graph's input names.
 */
export interface Batch {
  input_ids: HostTensor; // int64 [B, T]
  attention_mask: HostTensor; // int64 [B, T]: 1 = real token, 0 = padding
  labels: HostTensor; // int64 [B, T]: the token itself where trained on, -100 elsewhere
  label_weights: HostTensor; // float32 [B, T]: loss weight of labels[b, t]; 0 where labels is -100
  /**
   * int64 [B, T]: position within its example, restarting at 0 at every packed example (0 on
   * padding). Only packed rows need it: a graph that derives positions from attention_mask alone
   * treats a packed row as one sequence (attention crosses examples, positions keep counting).
   */
  position_ids: HostTensor;
}

/** A batch row: one example, or several packed back to back. */
export type BatchRow = readonly TokenizedExample[];

export interface CollateOptions {
  padId: number;
  /** Pad every row to exactly this length (stable shapes let one ONNX session serve every step). */
  padToLength?: number;
  /** Otherwise pad to the longest row, rounded up to a multiple of this (default 1). */
  padToMultipleOf?: number;
}

/** Builds the batch tensors from rows, padding on the right. */
export function collateBatch(rows: readonly BatchRow[], options: CollateOptions): Batch {
  if (rows.length === 0) throw new RangeError('collateBatch: no rows');
  const lengths = rows.map((row) => row.reduce((n, example) => n + example.inputIds.length, 0));
  const T = batchLength(Math.max(...lengths), options);
  const B = rows.length;
  const inputIds = new BigInt64Array(B * T).fill(BigInt(options.padId));
  const attentionMask = new BigInt64Array(B * T);
  const labels = new BigInt64Array(B * T).fill(BigInt(IGNORE_INDEX));
  const labelWeights = new Float32Array(B * T);
  const positionIds = new BigInt64Array(B * T);

  rows.forEach((row, b) => {
    let t = b * T;
    for (const { inputIds: ids, weights } of row) {
      if (weights.length !== ids.length) throw new RangeError(`collateBatch: ${ids.length} token ids but ${weights.length} weights`);
      for (let i = 0; i < ids.length; i++, t++) {
        inputIds[t] = BigInt(ids[i]!);
        attentionMask[t] = 1n;
        positionIds[t] = BigInt(i);
        // An example's first token is never a target: nothing before it in the example predicts
        // it, and in a packed row the previous example's last position must not be scored on it.
        const weight = i === 0 ? 0 : weights[i]!;
        if (weight > 0) {
          labels[t] = BigInt(ids[i]!);
          labelWeights[t] = weight;
        }
      }
    }
  });

  const shape = [B, T];
  return {
    input_ids: { dtype: 'int64', shape, data: inputIds },
    attention_mask: { dtype: 'int64', shape: [...shape], data: attentionMask },
    labels: { dtype: 'int64', shape: [...shape], data: labels },
    label_weights: { dtype: 'float32', shape: [...shape], data: labelWeights },
    position_ids: { dtype: 'int64', shape: [...shape], data: positionIds },
  };
}

function batchLength(longest: number, options: CollateOptions): number {
  if (options.padToLength !== undefined) {
    if (longest > options.padToLength) throw new RangeError(`collateBatch: a row has ${longest} tokens, more than padToLength ${options.padToLength}`);
    return options.padToLength;
  }
  const multiple = options.padToMultipleOf ?? 1;
  return Math.ceil(longest / multiple) * multiple;
}
