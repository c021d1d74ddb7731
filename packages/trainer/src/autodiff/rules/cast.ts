import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = cast(X): dX = dY cast back to X's float type (mixed precision boundaries). */
export const castGrad: GradientRule = {
  opType: 'Cast',
  uses: { inputs: [0], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => (dy.dtype === input(0).dtype ? dy : op.cast(b, dy, input(0).dtype)),
  },
};
