import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = √X: dX = dY / (2Y). */
export const sqrtGrad: GradientRule = {
  opType: 'Sqrt',
  uses: { inputs: [], outputs: [0] },
  inputGrads: { 0: ({ b, output, dy }) => op.div(b, op.mul(b, dy, 0.5), output(0)) },
};
