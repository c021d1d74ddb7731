import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = A - B: dA = dY, dB = -dY (unbroadcast). */
export const subGrad: GradientRule = {
  opType: 'Sub',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => unbroadcast(b, dy, input(0)),
    1: ({ b, input, dy }) => unbroadcast(b, op.neg(b, dy), input(1)),
  },
};
