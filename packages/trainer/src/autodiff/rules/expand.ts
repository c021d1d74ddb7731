import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/** Y = expand(X, shape): dX = dY summed over the expanded axes. */
export const expandGrad: GradientRule = {
  opType: 'Expand',
  uses: { inputs: [0], outputs: [] },
  inputGrads: { 0: ({ b, input, dy }) => unbroadcast(b, dy, input(0)) },
};
