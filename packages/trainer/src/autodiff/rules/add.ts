import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = A + B: both receive dY, summed over the axes they were broadcast along. */
export const addGrad: GradientRule = {
  opType: 'Add',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => unbroadcast(b, dy, input(0)),
    1: ({ b, input, dy }) => unbroadcast(b, dy, input(1)),
  },
};
