import { floatAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/**
 * Y = X · σ(αX) (com.microsoft QuickGelu; α = 1 is SiLU): dX = dY · (s + α·s·(X − Y)) with s = σ(αX),
 * since X − Y = X(1 − s). s is recomputed (one pass) rather than saved from the forward: five passes
 * over X-sized tensors, where the rules of X · Sigmoid(X) took six and kept σ(X) alive until the backward.
 */
export const quickGeluGrad: GradientRule = {
  opType: 'QuickGelu',
  domain: 'com.microsoft',
  uses: { inputs: [0], outputs: [0] },
  inputGrads: {
    0: ({ b, input, output, dy, attributes }) => {
      const x = input(0);
      const alpha = floatAttr(attributes, 'alpha', 1.702);
      const s = op.sigmoid(b, alpha === 1 ? x : op.mul(b, x, alpha));
      const slope = op.mul(b, s, op.sub(b, x, output(0)));
      return op.mul(b, dy, op.add(b, s, alpha === 1 ? slope : op.mul(b, slope, alpha)));
    },
  },
};
