import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/**
 * Y = X ^ P with P not trainable (a constant exponent, as in RMSNorm's x²): dX = dY * P * X^(P-1).
 * A gradient w.r.t. the exponent is deliberately absent.
 */
export const powGrad: GradientRule = {
  opType: 'Pow',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => {
      const x = input(0);
      const p = input(1);
      const local = op.mul(b, p, op.pow(b, x, op.sub(b, p, 1)));
      return unbroadcast(b, op.mul(b, dy, local), x);
    },
  },
};
