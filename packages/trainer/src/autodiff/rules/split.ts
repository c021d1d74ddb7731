import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y₀, Y₁, ... = split(X) along axis: dX = concat of the output gradients (zeros for outputs that do not reach the loss). */
export const splitGrad: GradientRule = {
  opType: 'Split',
  uses: { inputs: [], outputs: 'all' },
  inputGrads: {
    0: (ctx) => {
      const { b, node } = ctx;
      const pieces = node.outputs.map((_, k) => ctx.outputGrad(k) ?? op.zerosLike(b, ctx.output(k)));
      return op.concat(b, pieces, intAttr(ctx.attributes, 'axis', 0));
    },
  },
};
