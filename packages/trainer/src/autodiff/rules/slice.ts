import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/**
 * Y = X[slices]: dX is zero except at the sliced elements, which receive dY. The same Slice applied to
 * a grid of flat element indices says where those elements are, so any starts/ends/axes/steps work
 * (negative steps, run-time bounds) with one ScatterElements.
 */
export const sliceGrad: GradientRule = {
  opType: 'Slice',
  uses: { inputs: [0], outputs: [] },
  inputGrads: {
    0: ({ b, node, input, dy }) => {
      const x = input(0);
      const xShape = op.shape(b, x);
      const count = op.size(b, x);
      const flatIndex = op.reshape(b, op.range(b, b.scalar(0, 'int64'), count, b.scalar(1, 'int64')), xShape);
      const sliceArgs = node.inputs.slice(1);
      const picked = b.node('Slice', [flatIndex, ...sliceArgs], [{ dtype: 'int64', shape: dy.shape }])[0]!;
      const zeros = op.constantOfShape(b, op.reshape(b, count, [1]), 0, x.dtype);
      const scattered = op.scatterElements(b, zeros, op.reshape(b, picked, [-1]), op.reshape(b, dy, [-1]), 0);
      return op.reshape(b, scattered, xShape);
    },
  },
};
