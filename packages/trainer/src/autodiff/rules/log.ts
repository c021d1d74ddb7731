import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = ln X: dX = dY / X. */
export const logGrad: GradientRule = {
  opType: 'Log',
  uses: { inputs: [0], outputs: [] },
  inputGrads: { 0: ({ b, input, dy }) => op.div(b, dy, input(0)) },
};
