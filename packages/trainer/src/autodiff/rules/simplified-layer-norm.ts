import { floatAttr, intAttr } from '../../graph/attributes';
import type { Value } from '../../graph/graph';
import * as op from '../../graph/ops';
import type { GradContext, GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/**
 * RMSNorm over the last axis, y = w ⊙ x ⊙ r with r = 1 / √(mean(x²) + ε):
 * dx = r ⊙ (g − x ⊙ r² ⊙ mean(g ⊙ x)) with g = dy ⊙ w, and dw = Σ dy ⊙ x ⊙ r over the leading axes.
 * Six passes over x-sized tensors where the per-op rules of the six-node form took about ten (two
 * products with the broadcast mean's gradient and a three-way Sum among them). r is the forward's
 * second output when it has x's type (float32 graphs); float64 graphs recompute it in float64, because
 * ONNX Runtime stashes it in float32.
 */
export const simplifiedLayerNormGrad: GradientRule = {
  opType: 'SimplifiedLayerNormalization',
  uses: { inputs: [0, 1], outputs: [1] },
  inputGrads: {
    0: (ctx) => {
      const { b, input, dy } = ctx;
      const x = input(0);
      const r = inverseRms(ctx);
      const g = op.mul(b, dy, input(1));
      const scale = op.mul(b, op.mul(b, r, r), op.reduceMean(b, op.mul(b, g, x), [-1], true));
      return op.mul(b, op.sub(b, g, op.mul(b, x, scale)), r);
    },
    1: (ctx) => {
      const { b, input, dy } = ctx;
      return unbroadcast(b, op.mul(b, dy, op.mul(b, input(0), inverseRms(ctx))), input(1));
    },
  },
};

function inverseRms(ctx: GradContext): Value {
  return ctx.shared('inverseRms', () => {
    const { b, input, output, attributes } = ctx;
    if (intAttr(attributes, 'axis', -1) !== -1 && intAttr(attributes, 'axis', -1) !== input(0).shape.length - 1) {
      throw new Error(`SimplifiedLayerNormalization gradient: only the last axis is supported (node '${ctx.node.name}')`);
    }
    const x = input(0);
    const saved = output(1);
    if (saved.dtype === x.dtype) return saved;
    const meanSquare = op.reduceMean(b, op.mul(b, x, x), [-1], true);
    return op.reciprocal(b, op.sqrt(b, op.add(b, meanSquare, floatAttr(attributes, 'epsilon', 1e-5))));
  });
}
