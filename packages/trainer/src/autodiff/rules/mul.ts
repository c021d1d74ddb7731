import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = A * B: dA = dY * B, dB = dY * A (unbroadcast). */
export const mulGrad: GradientRule = {
  opType: 'Mul',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => unbroadcast(b, op.mul(b, dy, input(1)), input(0)),
    1: ({ b, input, dy }) => unbroadcast(b, op.mul(b, dy, input(0)), input(1)),
  },
};
