import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = tanh X: dX = dY * (1 - Y²). */
export const tanhGrad: GradientRule = {
  opType: 'Tanh',
  uses: { inputs: [], outputs: [0] },
  inputGrads: {
    0: ({ b, output, dy }) => {
      const y = output(0);
      return op.mul(b, dy, op.sub(b, 1, op.mul(b, y, y)));
    },
  },
};
