import type { GradientRule } from '../gradient-rule';

/** Y = X: dX = dY. */
export const identityGrad: GradientRule = {
  opType: 'Identity',
  uses: { inputs: [], outputs: [] },
  inputGrads: { 0: ({ dy }) => dy },
};
