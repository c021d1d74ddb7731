import type { GradientRule } from '../gradient-rule';
import * as op from '../../graph/ops';
import { unbroadcast } from '../unbroadcast';
import { flattenToMatrix, transposeLast2 } from './helpers';

/**
 * Y = A @ B (batched, broadcasting): dA = dY @ Bᵀ, dB = Aᵀ @ dY, each summed over broadcast batch axes.
 * A weight matrix B applied to activations [..., T, K] gets its gradient as one 2-D product over the
 * flattened rows instead of a batched product followed by a sum.
 */
export const matMulGrad: GradientRule = {
  opType: 'MatMul',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy }) => unbroadcast(b, op.matMul(b, dy, transposeLast2(b, input(1))), input(0)),
    1: ({ b, input, dy }) => {
      const a = input(0);
      const w = input(1);
      if (w.shape.length === 2 && a.shape.length > 2) {
        return op.matMul(b, transposeLast2(b, flattenToMatrix(b, a)), flattenToMatrix(b, dy));
      }
      return unbroadcast(b, op.matMul(b, transposeLast2(b, a), dy), w);
    },
  },
};
