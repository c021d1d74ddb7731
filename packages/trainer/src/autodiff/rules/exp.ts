import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = eˣ: dX = dY * Y. */
export const expGrad: GradientRule = {
  opType: 'Exp',
  uses: { inputs: [], outputs: [0] },
  inputGrads: { 0: ({ b, output, dy }) => op.mul(b, dy, output(0)) },
};
