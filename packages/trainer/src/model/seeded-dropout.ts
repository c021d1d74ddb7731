import type { Value } from '../graph/graph';
import type { GraphBuilder } from '../graph/graph-builder';
import * as op from '../graph/ops';

const TWO_32 = 2 ** 32;

/**
 * A dropout mask for `like` (0 or 1/(1-p) per element) that is a pure function of (seed, stream, element
 * index): a counter-based hash (Mueller's 32-bit integer hash, in int64 arithmetic with every product
 * below 2^63) computed by standard ONNX integer ops. The trainer feeds a new seed each step, so a run
 * is reproducible from its seed and a resumed run draws the same masks, on any execution provider.
 * `stream` separates the masks of different modules within one step.
 */
export function seededDropoutMask(b: GraphBuilder, like: Value, p: number, seed: Value, stream: number): Value {
  if (!(p > 0 && p < 1)) throw new Error(`dropout probability must be in (0, 1), got ${p}`);
  const index = op.reshape(b, op.range(b, b.scalar(0, 'int64'), op.size(b, like), b.scalar(1, 'int64')), op.shape(b, like));
  // key = (seed * 0x5bd1e995 + stream * 0x27d4eb2f) mod 2^32, seed < 2^31.
  const key = op.mod(b, op.add(b, op.mul(b, op.mod(b, seed, 2 ** 31), 0x5bd1e995), (stream * 0x27d4eb2f) % TWO_32), TWO_32);
  let h = op.mod(b, op.add(b, index, key), TWO_32);
  const shiftXor = (v: Value) => op.bitwiseXor(b, v, op.div(b, v, 65536));
  for (let round = 0; round < 2; round++) h = op.mod(b, op.mul(b, shiftXor(h), 0x45d9f3b), TWO_32);
  h = shiftXor(h);
  const uniform = op.mul(b, op.cast(b, h, like.dtype), 1 / TWO_32);
  return op.mul(b, op.cast(b, op.greaterOrEqual(b, uniform, p), like.dtype), 1 / (1 - p));
}
