import { intsAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = transpose(X, perm): dX = transpose(dY, perm⁻¹). */
export const transposeGrad: GradientRule = {
  opType: 'Transpose',
  uses: { inputs: [0], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy, attributes }) => {
      const rank = input(0).shape.length;
      const perm = intsAttr(attributes, 'perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
      const inverse = new Array<number>(rank);
      perm.forEach((p, i) => (inverse[p] = i));
      return op.transpose(b, dy, inverse);
    },
  },
};
