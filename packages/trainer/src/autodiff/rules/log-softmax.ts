import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/** Y = log softmax(X) along axis: dX = dY - exp(Y) * Σ_axis dY. */
export const logSoftmaxGrad: GradientRule = {
  opType: 'LogSoftmax',
  uses: { inputs: [], outputs: [0] },
  inputGrads: {
    0: ({ b, output, dy, attributes }) => {
      const axis = intAttr(attributes, 'axis', -1);
      const total = op.reduceSum(b, dy, [axis], true);
      return op.sub(b, dy, op.mul(b, op.exp(b, output(0)), total));
    },
  },
};
