import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = A / B: dA = dY / B, dB = -dY * A / B² (unbroadcast). */
export const divGrad: GradientRule = {
  opType: 'Div',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => unbroadcast(b, op.div(b, dy, input(1)), input(0)),
    1: ({ b, input, dy }) => {
      const d = input(1);
      const quotient = op.div(b, op.mul(b, dy, input(0)), op.mul(b, d, d));
      return unbroadcast(b, op.neg(b, quotient), d);
    },
  },
};
