import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = -X: dX = -dY. */
export const negGrad: GradientRule = {
  opType: 'Neg',
  uses: { inputs: [], outputs: [] },
  inputGrads: { 0: ({ b, dy }) => op.neg(b, dy) },
};
