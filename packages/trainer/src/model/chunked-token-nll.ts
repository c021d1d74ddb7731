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
  /**
   * [B, T] bool: the target's logit is the row's largest (what "the arg-max token is the target" means
   * wherever the largest logit is unique; a target tied for the largest counts as a hit). Read off a
   * ReduceMax: ONNX Runtime's ArgMax took ~3.6 ms on one [86, 49152] loss chunk against 0.5 ms for
   * ReduceMax (1 thread, CPU time).
   */
  hit: Value;
}

/** Chunks for a vocabulary: about one per 4,096 entries, 1..16, so a chunk's logits stay small. */
export function defaultLossChunks(vocabSize: number): number {
  return Math.min(16, Math.max(1, Math.round(vocabSize / 4096)));
}

/** Plain scores from materialised logits [B, T, V] (inference-shaped graphs, reference for tests). */
export function tokenScoresFromLogits(b: GraphBuilder, logits: Value, targets: Value): TokenScores {
  const logProbs = op.logSoftmax(b, logits, -1);
  const index = op.unsqueeze(b, targets, [-1]);
  const picked = op.squeeze(b, op.gatherElements(b, logProbs, index, -1), [-1]);
  const targetLogit = op.squeeze(b, op.gatherElements(b, logits, index, -1), [-1]);
  return { nll: op.neg(b, picked), hit: op.greaterOrEqual(b, targetLogit, op.reduceMax(b, logits, [-1], false)) };
}

/**
 * The LM head and the per-token NLL computed over `chunks` slices of the tokens, so the `tokens × vocab`
 * logits and their gradient never exist at once: each chunk's logits live only inside one chunk's
 * forward (reduced to log-sum-exp, the target's logit and the row's largest) and, recomputed, inside one
 * vocabulary slice of the backward (headBackward). The backward is this file's own GradientRegion; the
 * forward's rows are zero-padded to a multiple of `chunks` (padded rows are sliced off again). Each chunk's input is tied to the previous chunk's result (+ 0 ·
 * one element) so ONNX Runtime cannot run the chunks' matmuls ahead of time and hold all their logits.
 */
export function chunkedTokenScores(
  b: GraphBuilder,
  hidden: Value,
  head: Value,
  targets: Value,
  chunks: number,
  options: { rowsGradientInForward?: boolean } = {},
): TokenScores {
  if (!Number.isInteger(chunks) || chunks < 1) throw new Error(`loss chunks must be a positive integer, got ${chunks}`);
  const d = hidden.shape[hidden.shape.length - 1]!;
  let saved!: { rows: Value; lse: Value; rowCount: Value; rowsGradient?: Value };
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
      const hit: Value[] = [];
      const rowsGradient: Value[] = [];
      for (let c = 0; c < chunks; c++) {
        const h = tieAfter(b, op.gather(b, hChunks, b.scalar(c, 'int64'), 0), nll[c - 1]);
        const t = op.gather(b, tChunks, b.scalar(c, 'int64'), 0);
        const logits = op.gemm(b, h, head, { transB: true });
        const largest = op.reduceMax(b, logits, [1], false);
        const logProbs = op.logSoftmax(b, logits, 1);
        const logSumExp = logSumExpFrom(b, largest, logProbs);
        const picked = op.squeeze(b, op.gatherElements(b, logits, op.unsqueeze(b, t, [1]), 1), [1]);
        const isHit = op.greaterOrEqual(b, picked, largest);
        lse.push(logSumExp);
        // Every reader of the logits feeds this chunk's NLL (the hit test reads only [rows] values). Tied
        // after this chunk's share of the rows' gradient too: nothing else needs it before the end, so
        // ONNX Runtime would run it last and hold all the chunks' logits (the whole tokens × vocab) until then.
        let done = op.sub(b, logSumExp, picked);
        if (options.rowsGradientInForward) {
          const share = rowsGradientPerUnitNll(b, logProbs, t, head);
          rowsGradient.push(share);
          done = tieAfter(b, done, share);
        }
        nll.push(done);
        hit.push(isHit);
      }
      saved = { rows, lse: op.concat(b, lse, 0), rowCount, rowsGradient: rowsGradient.length > 0 ? op.concat(b, rowsGradient, 0) : undefined };
      const back = (parts: Value[]) => op.reshape(b, dynamicSlice(b, op.concat(b, parts, 0), rowCount), op.shape(b, targets));
      return { nll: back(nll), hit: back(hit) };
    }),
  );

  const region: GradientRegion = {
    name: 'lm_head',
    nodes,
    inputs: [hidden.name, head.name],
    outputs: [result.nll.name],
    backward(gb, [dNll], needsGradient) {
      const { rows, lse, rowCount, rowsGradient } = saved;
      if (rowsGradient && !needsGradient(head.name)) {
        // dNll_t scales token t's whole row: dRows = dNll ⊙ (rows' gradient per unit NLL, from the forward).
        const dRows = op.mul(gb, dynamicSlice(gb, rowsGradient, rowCount), op.reshape(gb, dNll!, [-1, 1]));
        return new Map(needsGradient(hidden.name) ? [[hidden.name, op.reshape(gb, dRows, op.shape(gb, hidden))]] : []);
      }
      const grads = headBackward(gb, { rows, head, targets, lse: dynamicSlice(gb, lse, rowCount), dNll: dNll!, chunks, wantHead: needsGradient(head.name) });
      if (needsGradient(hidden.name)) grads.set(hidden.name, op.reshape(gb, grads.get(rows.name)!, op.shape(gb, hidden)));
      grads.delete(rows.name);
      return grads;
    },
  };
  b.addRegion(region);
  return result;
}

/**
 * The backward of the chunked head, chunked over the vocabulary rather than the tokens: the forward's
 * log-sum-exp per token is all the softmax needs, so slice j of the head (V/chunks rows) gives
 * dlogits_j = c · (exp(rows · W_jᵀ − lse) − onehot_j) for every token at once, then that slice's own
 * head gradient dW_j = dlogits_jᵀ · rows and a [tokens, d] share of the rows' gradient. A chunk's logits
 * are as large as a token chunk's, but the head gradient is written once per slice (a K = tokens product)
 * instead of summed over token chunks as [vocab, d] partial products (small-K products plus a
 * [vocab, d] Add per chunk: memory passes that dominated the head's backward in full fine-tuning).
 */
function headBackward(
  gb: GraphBuilder,
  p: { rows: Value; head: Value; targets: Value; lse: Value; dNll: Value; chunks: number; wantHead: boolean },
): Map<string, Value> {
  const [vocab, d] = p.head.shape;
  if (typeof vocab !== 'number' || typeof d !== 'number') throw new Error('chunked LM head: the head weight needs a static shape');
  const chunks = Math.min(p.chunks, vocab);
  const coefficient = op.reshape(gb, p.dNll, [-1, 1]);
  const lse = op.unsqueeze(gb, p.lse, [1]);
  const targets = op.reshape(gb, p.targets, [-1]);
  let dRows: Value | undefined;
  const dHead: Value[] = [];
  let start = 0;
  for (let j = 0; j < chunks; j++) {
    const size = Math.floor(vocab / chunks) + (j < vocab % chunks ? 1 : 0);
    // Each slice starts once the previous one's gradients exist, so only one slice's logits live at a time.
    const previous = dHead[j - 1] ?? dRows;
    const rows = tieAfter(gb, tieAfter(gb, p.rows, dRows), dHead[j - 1]);
    const slice = headRows(gb, p.head, tieAfter(gb, gb.int64s([start]), previous), start + size, [size, d]);
    const logits = op.gemm(gb, rows, slice, { transB: true });
    const probs = op.exp(gb, op.sub(gb, logits, lse));
    // The target's -c lands in this slice only for tokens whose target is in [start, start + size).
    const local = op.sub(gb, targets, gb.scalar(start, 'int64'));
    const inside = op.and(gb, op.greaterOrEqual(gb, local, gb.scalar(0, 'int64')), op.less(gb, local, gb.scalar(size, 'int64')));
    const index = op.unsqueeze(gb, op.where(gb, inside, local, gb.scalar(0, 'int64')), [1]);
    const update = op.where(gb, op.unsqueeze(gb, inside, [1]), op.neg(gb, coefficient), 0);
    const dLogits = op.scatterElements(gb, op.mul(gb, probs, coefficient), index, update, 1, 'add');
    const share = op.gemm(gb, dLogits, slice);
    dRows = dRows ? op.add(gb, dRows, share) : share;
    if (p.wantHead) dHead.push(op.gemm(gb, dLogits, rows, { transA: true }));
    start += size;
  }
  const grads = new Map<string, Value>([[p.rows.name, dRows!]]);
  if (p.wantHead) grads.set(p.head.name, dHead.length === 1 ? dHead[0]! : op.concat(gb, dHead, 0));
  return grads;
}

/**
 * d nll_t / d rows_t of one chunk of tokens: (softmax(logits_t) − onehot(target_t)) · W = softmax · W − W[target_t],
 * [chunk rows, d], with the softmax read off the chunk's log-softmax (one Exp pass) and the target's head row
 * subtracted as the Gemm's C (a [chunk rows, d] gather instead of a scatter's copy of the [chunk rows, vocab] softmax).
 * The NLL's gradient reaches the head's input only through this, scaled per token by the incoming dNll_t,
 * so when the head itself is frozen (LoRA) the forward computes it beside the logits it already has and
 * the backward never recomputes them: one head product a step fewer.
 */
function rowsGradientPerUnitNll(b: GraphBuilder, logProbs: Value, targets: Value, head: Value): Value {
  return op.gemm(b, op.exp(b, logProbs), head, { c: op.neg(b, op.gather(b, head, targets, 0)) });
}

/** Rows [start, end) of `head` with `start` a run-time int64 [1] (so it can be tied after earlier work). */
function headRows(b: GraphBuilder, head: Value, start: Value, end: number, shape: number[]): Value {
  return b.node('Slice', [head, start, b.int64s([end]), b.int64s([0])], [{ dtype: head.dtype, shape }])[0]!;
}

/**
 * log Σ exp(logits) per row [R, V] → [R] from the row's largest logit and its LogSoftmax: at the
 * largest entry logSoftmax = −log Σ exp(logits − max), its own largest, so max − max(logSoftmax) =
 * max + log Σ exp(logits − max), the usual stable form (the same numbers as reading both at the arg-max,
 * without ArgMax). ONNX Runtime's ReduceLogSumExp took ~15x LogSoftmax's time on [86, 49152] (26 vs
 * 1.8 ms, 2 threads).
 */
function logSumExpFrom(b: GraphBuilder, largest: Value, logProbs: Value): Value {
  return op.sub(b, largest, op.reduceMax(b, logProbs, [1], false));
}

/** Constant-zero Pad with pads computed at run time (int64 [2·rank]). */
function dynamicPad(b: GraphBuilder, x: Value, pads: Value): Value {
  return b.node('Pad', [x, pads], [{ dtype: x.dtype, shape: [b.unknownDim(), ...x.shape.slice(1)] }], { attributes: { mode: attr.string('constant') } })[0]!;
}

/** The first `count` ([1] int64) entries along axis 0. */
function dynamicSlice(b: GraphBuilder, x: Value, count: Value): Value {
  return b.node('Slice', [x, b.int64s([0]), count, b.int64s([0])], [{ dtype: x.dtype, shape: [b.unknownDim(), ...x.shape.slice(1)] }])[0]!;
}
