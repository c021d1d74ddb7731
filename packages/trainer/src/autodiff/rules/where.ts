import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = where(C, A, B): A gets dY where C holds, B where it does not (unbroadcast); C has no gradient. */
export const whereGrad: GradientRule = {
  opType: 'Where',
  uses: { inputs: [0, 1, 2], outputs: [] },
  inputGrads: {
    1: ({ b, input, dy }) => unbroadcast(b, op.where(b, input(0), dy, 0), input(1)),
    2: ({ b, input, dy }) => unbroadcast(b, op.where(b, input(0), 0, dy), input(2)),
  },
};
