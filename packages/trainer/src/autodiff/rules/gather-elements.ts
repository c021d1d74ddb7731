import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = gatherElements(X, indices, axis) (the label pick of cross-entropy): dX = scatter-add of dY into zeros. */
export const gatherElementsGrad: GradientRule = {
  opType: 'GatherElements',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy, attributes }) =>
      op.scatterElements(b, op.zerosLike(b, input(0)), input(1), dy, intAttr(attributes, 'axis', 0), 'add'),
  },
};
