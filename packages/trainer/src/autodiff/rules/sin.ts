import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = sin X: dX = dY * cos X. */
export const sinGrad: GradientRule = {
  opType: 'Sin',
  uses: { inputs: [0], outputs: [] },
  inputGrads: { 0: ({ b, input, dy }) => op.mul(b, dy, op.cos(b, input(0))) },
};
