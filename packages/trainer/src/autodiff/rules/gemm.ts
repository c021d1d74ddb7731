import { intAttr } from '../../graph/attributes';
import * as op from '../../graph/ops';
import type { GradientRule } from '../gradient-rule';

/**
 * Y = op(A) · op(B) (Gemm without C, alpha = 1), op = transpose where transA/transB is set. Each input
 * gradient is one more Gemm reading its operands with the right flags, so no transposed copy is made:
 *   dA = dY · op(B)ᵀ   (or its transpose when transA),   dB = op(A)ᵀ · dY   (or its transpose when transB).
 */
export const gemmGrad: GradientRule = {
  opType: 'Gemm',
  uses: { inputs: [0, 1], outputs: [] },
  inputGrads: {
    0: ({ b, input, dy, attributes, node }) => {
      checkPlain(node.inputs.length, attributes);
      const transA = intAttr(attributes, 'transA', 0) === 1;
      const transB = intAttr(attributes, 'transB', 0) === 1;
      return transA ? op.gemm(b, input(1), dy, { transA: transB, transB: true }) : op.gemm(b, dy, input(1), { transB: !transB });
    },
    1: ({ b, input, dy, attributes, node }) => {
      checkPlain(node.inputs.length, attributes);
      const transA = intAttr(attributes, 'transA', 0) === 1;
      const transB = intAttr(attributes, 'transB', 0) === 1;
      return transB ? op.gemm(b, dy, input(0), { transA: true, transB: transA }) : op.gemm(b, input(0), dy, { transA: !transA });
    },
  },
};

function checkPlain(inputs: number, attributes: Parameters<typeof intAttr>[0]): void {
  if (inputs > 2) throw new Error('Gemm gradient: a C input is not supported');
  const alpha = attributes.alpha;
  if (alpha && alpha.kind === 'float' && alpha.value !== 1) throw new Error('Gemm gradient: alpha must be 1');
}
