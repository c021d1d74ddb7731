import type { DType } from '../graph/dtype';
import { hostTensor, type HostTensor } from '../tensor/host-tensor';
import { LLAMA_IO } from './llama-graph';

/** A rectangular token batch as plain rows (all rows the same length). */
export interface TokenRows {
  inputIds: number[][];
  attentionMask: number[][];
  labels?: number[][];
  labelWeights?: number[][];
  /** Defaults to 0..n-1 over each row's tokens (0 on padding), i.e. one example per row. */
  positionIds?: number[][];
}

function matrix(dtype: DType, rows: number[][], what: string): HostTensor {
  const width = rows[0]?.length ?? 0;
  if (rows.some((r) => r.length !== width)) throw new Error(`${what}: rows differ in length`);
  return hostTensor(dtype, [rows.length, width], rows.flat());
}

/** The batch inputs of a Llama graph (input_ids, attention_mask, and labels/label_weights when given). */
export function llamaBatchFeeds(rows: TokenRows, floatType: Extract<DType, 'float32' | 'float64'> = 'float32'): Record<string, HostTensor> {
  const feeds: Record<string, HostTensor> = {
    [LLAMA_IO.inputIds]: matrix('int64', rows.inputIds, LLAMA_IO.inputIds),
    [LLAMA_IO.attentionMask]: matrix('int64', rows.attentionMask, LLAMA_IO.attentionMask),
  };
  if (rows.labels) feeds[LLAMA_IO.labels] = matrix('int64', rows.labels, LLAMA_IO.labels);
  if (rows.labelWeights) feeds[LLAMA_IO.labelWeights] = matrix(floatType, rows.labelWeights, LLAMA_IO.labelWeights);
  const positions = rows.positionIds ?? rows.attentionMask.map(positionsOfRow);
  feeds[LLAMA_IO.positionIds] = matrix('int64', positions, LLAMA_IO.positionIds);
  return feeds;
}

function positionsOfRow(mask: number[]): number[] {
  let n = 0;
  return mask.map((m) => (m ? n++ : 0));
}
