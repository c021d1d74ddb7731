import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = σ(X): dX = dY * Y * (1 - Y). */
export const sigmoidGrad: GradientRule = {
  opType: 'Sigmoid',
  uses: { inputs: [], outputs: [0] },
  inputGrads: {
    0: ({ b, output, dy }) => {
      const y = output(0);
      return op.mul(b, dy, op.mul(b, y, op.sub(b, 1, y)));
    },
  },
};
