import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = softmax(X) along axis: dX = Y * (dY - Σ_axis(dY * Y)). */
export const softmaxGrad: GradientRule = {
  opType: 'Softmax',
  uses: { inputs: [], outputs: [0] },
  inputGrads: {
    0: ({ b, output, dy, attributes }) => {
      const y = output(0);
      const axis = intAttr(attributes, 'axis', -1);
      const dot = op.reduceSum(b, op.mul(b, dy, y), [axis], true);
      return op.mul(b, y, op.sub(b, dy, dot));
    },
  },
};
