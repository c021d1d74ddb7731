import { nodesAddedBy, type GradientRegion } from '../autodiff/gradient-region';
import { tieAfter } from '../autodiff/tie-after';
import { attr } from '../graph/attributes';
import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';
import { flattenRows } from './linear';

/** Per-token scores of the LM head: what the losses need from the logits. */
export interface TokenScores {
  /** [B, T]: -log softmax(logits)[target] at every position. */
  nll: Value;
  /** [B, T] int64: the arg-max token at every position. */
  argmax: Value;
}

/** Chunks for a vocabulary: about one per 4,096 entries, 1..16, so a chunk's logits stay small. */
export function defaultLossChunks(vocabSize: number): number {
  return Math.min(16, Math.max(1, Math.round(vocabSize / 4096)));
}

/** Plain scores from materialised logits [B, T, V] (inference-shaped graphs, reference for tests). */
export function tokenScoresFromLogits(b: GraphBuilder, logits: Value, targets: Value): TokenScores {
  const logProbs = op.logSoftmax(b, logits, -1);
  const picked = op.squeeze(b, op.gatherElements(b, logProbs, op.unsqueeze(b, targets, [-1]), -1), [-1]);
  return { nll: op.neg(b, picked), argmax: op.argMax(b, logits, -1, false) };
}

/**
 * The LM head and the per-token NLL computed over `chunks` slices of the tokens, so the `tokens × vocab`
 * logits and their gradient never exist at once: each chunk's logits live only inside one chunk's
 * forward (reduced to log-sum-exp, the target's logit and the arg-max) and, recomputed, inside that
 * chunk's backward (dlogits = c · (softmax − onehot), c the NLL's incoming gradient). The backward is
 * this file's own GradientRegion; the rows are zero-padded to a multiple of `chunks` (padded rows have
 * target 0 and receive zero gradient). Each chunk's input is tied to the previous chunk's result (+ 0 ·
 * one element) so ONNX Runtime cannot run the chunks' matmuls ahead of time and hold all their logits.
 */
export function chunkedTokenScores(b: GraphBuilder, hidden: Value, head: Value, targets: Value, chunks: number): TokenScores {
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`loss chunks must be a positive integer, got ${chunks}`);
  const d = hidden.shape[hidden.shape.length - 1]!;
  let saved!: { hChunks: Value; tChunks: Value; lse: Value; padRows: Value; rowCount: Value };
  const { result, nodes } = nodesAddedBy(b, () =>
    b.scope('lm_head', () => {
      const rows = flattenRows(b, hidden);
      const rowCount = op.shape(b, rows, 0, 1);
      const k = b.int64s([chunks]);
      const padRows = op.mod(b, op.sub(b, k, op.mod(b, rowCount, k)), k);
      const hPadded = dynamicPad(b, rows, op.concat(b, [b.int64s([0, 0]), padRows, b.int64s([0])], 0));
      const tPadded = dynamicPad(b, op.reshape(b, targets, [-1]), op.concat(b, [b.int64s([0]), padRows], 0));
      const hChunks = op.reshape(b, hPadded, [chunks, -1, d as number]);
      const tChunks = op.reshape(b, tPadded, [chunks, -1]);
      const nll: Value[] = [];
      const lse: Value[] = [];
      const argmax: Value[] = [];
      for (let c = 0; c < chunks; c++) {
        const h = tieAfter(b, op.gather(b, hChunks, b.scalar(c, 'int64'), 0), nll[c - 1]);
        const t = op.gather(b, tChunks, b.scalar(c, 'int64'), 0);
        const logits = op.gemm(b, h, head, { transB: true });
        const logSumExp = reduceLogSumExp(b, logits);
        const picked = op.squeeze(b, op.gatherElements(b, logits, op.unsqueeze(b, t, [1]), 1), [1]);
        const best = op.argMax(b, logits, 1, false);
        lse.push(logSumExp);
        // Tied after the arg-max: nothing else needs it before the end, so ONNX Runtime would run every
        // chunk's arg-max last and hold all the chunks' logits (the whole tokens × vocab) until then.
        nll.push(tieAfter(b, op.sub(b, logSumExp, picked), best));
        argmax.push(best);
      }
      saved = { hChunks, tChunks, lse: op.concat(b, lse, 0), padRows, rowCount };
      const back = (parts: Value[]) => op.reshape(b, dynamicSlice(b, op.concat(b, parts, 0), rowCount), op.shape(b, targets));
      return { nll: back(nll), argmax: back(argmax) };
    }),
  );

  const region: GradientRegion = {
    name: 'lm_head',
    nodes,
    inputs: [hidden.name, head.name],
    outputs: [result.nll.name],
    backward(gb, [dNll], needsGradient) {
      const { hChunks, tChunks, lse, padRows, rowCount } = saved;
      const coefficients = op.reshape(gb, dynamicPad(gb, op.reshape(gb, dNll!, [-1]), op.concat(gb, [gb.int64s([0]), padRows], 0)), [chunks, -1]);
      const lseChunks = op.reshape(gb, lse, [chunks, -1]);
      const wantHead = needsGradient(head.name);
      const dRows: Value[] = [];
      let dHead: Value | undefined;
      for (let c = 0; c < chunks; c++) {
        const index = gb.scalar(c, 'int64');
        const coefficient = op.unsqueeze(gb, op.gather(gb, coefficients, index, 0), [1]);
        // After the previous chunk's row gradient and its share of the head's gradient: without the second tie
        // ONNX Runtime computed every chunk's [vocab, d] share first and summed them at the end.
        const h = tieAfter(gb, tieAfter(gb, op.gather(gb, hChunks, index, 0), dRows[c - 1] ?? coefficient), dHead);
        const t = op.unsqueeze(gb, op.gather(gb, tChunks, index, 0), [1]);
        const logits = op.gemm(gb, h, head, { transB: true });
        const probs = op.exp(gb, op.sub(gb, logits, op.unsqueeze(gb, op.gather(gb, lseChunks, index, 0), [1])));
        const dLogits = op.scatterElements(gb, op.mul(gb, probs, coefficient), t, op.neg(gb, coefficient), 1, 'add');
        dRows.push(op.gemm(gb, dLogits, head));
        // Each chunk's share added into the running sum by its own Gemm: one [vocab, d] block lives, not three.
        if (wantHead) dHead = dHead ? op.gemmAccumulate(gb, dLogits, h, dHead, { transA: true }) : op.gemm(gb, dLogits, h, { transA: true });
      }
      const grads = new Map<string, Value>();
      if (needsGradient(hidden.name)) {
        grads.set(hidden.name, op.reshape(gb, dynamicSlice(gb, op.concat(gb, dRows, 0), rowCount), op.shape(gb, hidden)));
      }
      if (dHead) grads.set(head.name, dHead);
      return grads;
    },
  };
  b.addRegion(region);
  return result;
}

function reduceLogSumExp(b: GraphBuilder, logits: Value): Value {
  return b.node('ReduceLogSumExp', [logits, b.int64s([1])], [{ dtype: logits.dtype, shape: [logits.shape[0]!] }], {
    attributes: { keepdims: attr.int(0) },
  })[0]!;
}

/** Constant-zero Pad with pads computed at run time (int64 [2·rank]). */
function dynamicPad(b: GraphBuilder, x: Value, pads: Value): Value {
  return b.node('Pad', [x, pads], [{ dtype: x.dtype, shape: [b.unknownDim(), ...x.shape.slice(1)] }], { attributes: { mode: attr.string('constant') } })[0]!;
}

/** The first `count` ([1] int64) entries along axis 0. */
function dynamicSlice(b: GraphBuilder, x: Value, count: Value): Value {
  return b.node('Slice', [x, b.int64s([0]), count, b.int64s([0])], [{ dtype: x.dtype, shape: [b.unknownDim(), ...x.shape.slice(1)] }])[0]!;
}
