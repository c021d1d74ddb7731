import { floatAttr, intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';
import { unbroadcast } from '../unbroadcast';

/**
 * Y = alpha · op(A) · op(B) + beta · C (C optional, broadcast), op = transpose where transA/transB is
 * set. Each product gradient is one more Gemm reading its operands with the right flags and the same
 * alpha, so neither a transposed copy nor a separate scaling pass is made:
 *   dA = alpha · dY · op(B)ᵀ   (or its transpose when transA),   dB = alpha · op(A)ᵀ · dY   (or its transpose when transB),
 *   dC = beta · dY summed over C's broadcast axes.
 */
export const gemmGrad: GradientRule = {
  opType: 'Gemm',
  // C is read for its shape only (which axes were broadcast).
  uses: { inputs: [0, 1, 2], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy, attributes }) => {
      const transA = intAttr(attributes, 'transA', 0) === 1;
      const transB = intAttr(attributes, 'transB', 0) === 1;
      const alpha = floatAttr(attributes, 'alpha', 1);
      return transA ? op.gemm(b, input(1), dy, { transA: transB, transB: true, alpha }) : op.gemm(b, dy, input(1), { transB: !transB, alpha });
    },
    1: ({ b, input, dy, attributes }) => {
      const transA = intAttr(attributes, 'transA', 0) === 1;
      const transB = intAttr(attributes, 'transB', 0) === 1;
      const alpha = floatAttr(attributes, 'alpha', 1);
      return transB ? op.gemm(b, dy, input(0), { transA: true, transB: transA, alpha }) : op.gemm(b, input(0), dy, { transA: !transA, alpha });
    },
    2: ({ b, input, dy, attributes }) => {
      const beta = floatAttr(attributes, 'beta', 1);
      return unbroadcast(b, beta === 1 ? dy : op.mul(b, dy, beta), input(2));
    },
  },
};
