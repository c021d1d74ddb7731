import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = 1/X: dX = -dY * Y². */
export const reciprocalGrad: GradientRule = {
  opType: 'Reciprocal',
  uses: { inputs: [], outputs: [0] },
  inputGrads: {
    0: ({ b, output, dy }) => {
      const y = output(0);
      return op.neg(b, op.mul(b, dy, op.mul(b, y, y)));
    },
  },
};
