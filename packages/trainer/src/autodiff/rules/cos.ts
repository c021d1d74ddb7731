import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = cos X: dX = -dY * sin X. */
export const cosGrad: GradientRule = {
  opType: 'Cos',
  uses: { inputs: [0], outputs: [] },
  inputGrads: { 0: ({ b, input, dy }) => op.neg(b, op.mul(b, dy, op.sin(b, input(0)))) },
};
