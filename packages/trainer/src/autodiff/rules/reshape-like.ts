import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Ops that only re-view the same elements: the gradient is dY viewed with X's shape. */
function reshapeBack(opType: string): GradientRule {
  return {
    opType,
    uses: { inputs: [0], outputs: [] },
    inputGrads: { 0: ({ b, input, dy }) => op.reshape(b, dy, op.shape(b, input(0))) },
  };
}

export const reshapeGrad = reshapeBack('Reshape');
export const unsqueezeGrad = reshapeBack('Unsqueeze');
export const squeezeGrad = reshapeBack('Squeeze');
export const flattenGrad = reshapeBack('Flatten');
